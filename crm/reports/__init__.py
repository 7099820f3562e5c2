"""Printed documents (ReportLab PDFs) built from plain data: fonts, branding, page layout, provenance."""
