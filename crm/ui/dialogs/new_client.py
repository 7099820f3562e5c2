"""New client (prospect) form; warns about likely duplicates before saving, also offline."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.errors import DomainError
from crm.services.clients import ClientCreate, ContactCreate, add_contact, create_client, find_duplicates
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import CLIENT_KINDS, INDUSTRIES, label


class NewClientDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("新建客户"))
        self.kind = QComboBox()
        for kind in ClientKind:
            self.kind.addItem(label(CLIENT_KINDS, kind), kind)
        self.name = QLineEdit()
        self.name.setObjectName("legal_name")
        self.short_name = QLineEdit()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setPlaceholderText(self.tr("统一社会信用代码（企业）或身份证号（个人）"))
        self.industry = QComboBox()
        self.industry.addItem("", "")
        for code in INDUSTRIES:
            self.industry.addItem(f"{code} {label(INDUSTRIES, code)}", code)
        self.contact = QLineEdit()
        self.contact.setObjectName("contact_name")
        self.phone = QLineEdit()
        self.phone.setObjectName("contact_phone")
        self.objective = QLineEdit()
        self.warning = QLabel()
        self.warning.setObjectName("duplicate_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b45309;")
        form = QFormLayout()
        form.addRow(self.tr("客户类型(&K)"), self.kind)
        form.addRow(self.tr("客户名称(&A)"), self.name)
        form.addRow(self.tr("简称"), self.short_name)
        form.addRow(self.tr("证件号码(&C)"), self.code)
        form.addRow(self.tr("行业"), self.industry)
        form.addRow(self.tr("沟通人"), self.contact)
        form.addRow(self.tr("沟通人电话(&P)"), self.phone)
        form.addRow(self.tr("营销目标"), self.objective)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.name.editingFinished.connect(self.check_duplicates)
        self.code.editingFinished.connect(self.check_duplicates)
        self.phone.editingFinished.connect(self.check_duplicates)

    def _data(self) -> ClientCreate:
        kind = ClientKind(self.kind.currentData())
        code = self.code.text().strip() or None
        return ClientCreate(kind=kind, legal_name=self.name.text().strip(), short_name=self.short_name.text(),
                            status=ClientStatus.PROSPECT, uscc=None if kind.is_person else code,
                            id_number=code if kind.is_person else None, industry=self.industry.currentData(),
                            marketing_objective=self.objective.text())

    def check_duplicates(self) -> list[str]:
        """Likely duplicates among the clients on this device: same code or phone, or a similar name."""
        kind = ClientKind(self.kind.currentData())
        rows = self.ctx.read(find_duplicates, legal_name=self.name.text(),
                             uscc=None if kind.is_person else (self.code.text().strip() or None),
                             phones=[self.phone.text()] if self.phone.text().strip() else [])
        names = [r.legal_name for r in rows]
        self.warning.setText(self.tr("可能重复：{0}").format("、".join(names)) if names else "")
        return names

    def on_save(self) -> None:
        try:
            data = self._data()
        except ValueError:
            QMessageBox.warning(self, self.tr("新建客户"), self.tr("请填写客户名称（至少两个字）"))
            return
        duplicates = self.check_duplicates()
        if duplicates and QMessageBox.question(
                self, self.tr("可能重复"),
                self.tr("已有相似客户：{0}\n仍要新建吗？").format("、".join(duplicates))) != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.session() as session:
                client = create_client(session=session, actor=self.ctx.actor, data=data)
                if self.contact.text().strip():
                    add_contact(session=session, actor=self.ctx.actor, client_id=client.id, data=ContactCreate(
                        name=self.contact.text().strip(), phones=[self.phone.text()] if self.phone.text() else [],
                        is_primary=True))
                created = client.id
        except DomainError as exc:
            show_error(self, exc, self.ctx.language)  # the form keeps what was typed
            return
        self.created_id = created
        self.ctx.data_changed.emit("client")
        self.accept()
