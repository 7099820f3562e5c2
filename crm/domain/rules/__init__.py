"""Pure value rules of the domain: checksums, phones, masking, suitability and workflows."""
