"""User-facing text for domain error codes, Chinese first; the GUI and the CLI both render errors here."""

from __future__ import annotations

import os
from typing import Any

from crm.domain.errors import DomainError

# code -> (zh_CN, en). Params are filled with str.format(**params); unknown codes fall back to the code.
MESSAGES: dict[str, tuple[str, str]] = {
    "workspace.exists": ("工作区已存在：{path}", "A workspace already exists at {path}"),
    "workspace.missing": ("找不到工作区：{path}（请先运行 crm init 或 crm login）",
                          "No workspace at {path} (run crm init or crm login first)"),
    "workspace.bad_password": ("密码不正确", "Wrong password"),
    "workspace.keystore_missing": ("系统密钥库中缺少本工作区的设备密钥，无法解锁",
                                   "The device secret of this workspace is missing from the OS key store"),
    "workspace.key_mismatch": ("数据库密钥不匹配，文件可能已损坏", "The database key does not match; the file may be damaged"),
    "workspace.key_file_unreadable": ("无法读取密钥文件：{path}", "Cannot read the key file {path}"),
    "workspace.key_file_format": ("密钥文件格式不受支持", "Unsupported key file format"),
    "workspace.schema_too_new": ("该工作区由更新版本的程序创建（版本 {revision}），请升级本程序后再打开",
                                 "This workspace was written by a newer version (revision {revision}); "
                                 "upgrade the app to open it"),
    "workspace.no_owner": ("工作区尚未登录任何用户", "No user is signed in to this workspace"),
    "password.too_short": ("密码至少需要 {min} 个字符", "The password needs at least {min} characters"),
    "password.too_simple": ("密码不能只含数字或只含字母", "The password must mix letters with digits or symbols"),
    "password.mismatch": ("两次输入的密码不一致", "The passwords do not match"),
    "password.missing": ("需要密码：请在终端输入，或通过标准输入或 CRM_PASSWORD 提供",
                         "A password is needed: type it on a terminal, or give it on stdin or in CRM_PASSWORD"),
    "permission.role": ("当前角色（{role}）无权执行此操作", "Your role ({role}) may not do this"),
    "client.not_found": ("找不到客户或无权查看", "Client not found or not visible to you"),
    "client.not_owner": ("只有该客户的客户经理或网点负责人可以修改", "Only the client's RM or the branch head may edit it"),
    "client.duplicate_uscc": ("已存在相同统一社会信用代码的客户", "A client with this credit code already exists"),
    "uscc.length": ("统一社会信用代码应为18位", "A unified social credit code has 18 characters"),
    "uscc.charset": ("统一社会信用代码含有无效字符", "The credit code contains invalid characters"),
    "uscc.checksum": ("统一社会信用代码校验位错误", "The credit code's check character is wrong"),
    "resident_id.length": ("身份证号应为18位", "A resident ID number has 18 characters"),
    "resident_id.checksum": ("身份证号校验位错误", "The ID number's check digit is wrong"),
    "resident_id.birth_date": ("身份证号中的出生日期无效", "The birth date in the ID number is invalid"),
    "phone.invalid": ("电话号码格式无效", "Invalid phone number"),
    "cli.workspace_created": ("已创建加密工作区：{path}", "Encrypted workspace created at {path}"),
    "cli.demo_done": ("演示数据已生成，用时 {seconds} 秒", "Demo data written in {seconds} s"),
    "cli.demo_workspace": ("演示工作区：{path}\n本次随机密码（仅显示一次）：{password}",
                           "Demo workspace: {path}\nIts random password (shown once): {password}"),
    "cli.demo_search": ("  搜索“{query}”：{total} 个客户", "  Search '{query}': {total} clients"),
    "cli.clients_shown": ("显示 {shown} / 共 {total} 个客户", "{shown} of {total} clients shown"),
    "cli.audit_ok": ("审计链完整：已校验 {count} 条记录", "Audit trail intact: {count} events verified"),
    "cli.audit_broken": ("审计链被篡改：第 {seq} 条（{reason}）", "Audit trail tampered with at event {seq} ({reason})"),
    "cli.password_changed": ("密码已修改", "Password changed"),
    "report.font_missing": ("找不到中文字体：{hint}", "No CJK font found: {hint}"),
}


def language() -> str:
    lang = os.environ.get("CRM_LANG") or os.environ.get("LANGUAGE") or os.environ.get("LANG") or "zh_CN"
    return "en" if lang.lower().startswith("en") else "zh_CN"


def render(error: DomainError, lang: str | None = None) -> str:
    lang = lang or language()
    zh, en = MESSAGES.get(error.code, (None, None))
    template = (en if lang == "en" else zh) if zh else None
    if template is None:
        # A code without text still tells support exactly what happened.
        template = error.code + (f" ({error.field})" if error.field else "")
    try:
        text = template.format(**error.params)
    except (KeyError, IndexError):
        text = template
    return f"{text} [{error.field}]" if error.field else text


def fmt(code: str, lang: str | None = None, **params: Any) -> str:
    return render(DomainError(code, params=params), lang)
