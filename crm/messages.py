"""User-facing text for domain error codes, Chinese first; the GUI and the CLI both render errors here."""

from __future__ import annotations

import os
from typing import Any

from crm.domain.errors import DomainError
from crm.message_catalog import CATALOG

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
    # sync (crm.sync.client, crm.sync.cli)
    "sync.server_unavailable": ("无法连接同步服务器 {server}；修改已保留在本机，联网后再同步",
                                "Cannot reach the sync server {server}; your changes stay on this computer "
                                "and will sync when it is back"),
    "sync.auth_failed": ("用户名或密码错误，或登录已失效，请重新登录（crm login）",
                         "Wrong username or password, or the sign-in has expired; log in again (crm login)"),
    "sync.device_revoked": ("本设备已被管理员停用，请联系管理员后重新登录",
                            "This device was revoked by an administrator; contact them, then log in again"),
    "sync.rate_limited": ("登录尝试过于频繁，请 {seconds} 秒后再试",
                          "Too many login attempts; try again in {seconds} s"),
    "sync.push_gap": ("同步序号不连续（服务器期望第 {expected_seq} 号），将自动重发",
                      "The server expects mutation {expected_seq}; it will be sent again"),
    "sync.epoch_changed": ("服务器已从备份恢复，本机将重新下载数据并重发修改",
                           "The server was restored from a backup; this computer will reload and resend "
                           "its changes"),
    "sync.refused": ("服务器拒绝了请求（{server_code}），请升级本程序或联系管理员",
                     "The server refused the request ({server_code}); update the app or contact support"),
    "sync.protocol": ("服务器应答异常，同步已中止，本机数据未受影响",
                      "The server's answer was malformed; sync stopped and local data is unchanged"),
    "sync.not_enrolled": ("本工作区尚未登录服务器，请先运行 crm login",
                          "This workspace is not signed in to a server; run crm login first"),
    "sync.no_server": ("未配置同步服务器，请运行 crm login --server URL",
                       "No sync server is configured; run crm login --server URL"),
    "sync.busy": ("同步正在进行中，请稍后", "A sync is already running; try again shortly"),
    "sync.wipe_requested": ("管理员要求清除本机数据，将在下次同步时执行",
                            "An administrator ordered this device wiped; it will be at the next sync"),
    "sync.wiped": ("管理员要求清除本机数据，工作区数据和密钥已被销毁",
                   "An administrator ordered this device wiped; the workspace's data and keys were "
                   "destroyed"),
    "sync.gap_unrecoverable": ("服务器缺少本机第 {expected_seq} 号起的修改，"
                               "而本机日志已不再保存，请联系管理员",
                               "The server lacks this device's changes from number {expected_seq} on and the "
                               "local journal no longer holds them; contact support"),
    "sync.workspace_other_user": ("该工作区属于用户 {username}，不能用其他账号登录",
                                  "This workspace belongs to {username}; use that account or another "
                                  "workspace"),
    "sync.conflict_choice": ("冲突处理方式无效：{choice}（应为 mine、theirs 或 edit）",
                             "Invalid conflict choice {choice} (mine, theirs or edit)"),
    "sync.conflict_value_missing": ("选择“编辑”时需要填写新值", "Choosing 'edit' needs a value"),
    "sync.conflict_not_found": ("找不到该冲突", "Conflict not found"),
    "sync.conflict_resolved": ("该冲突已处理", "This conflict is already resolved"),
    "sync.rejection_not_found": ("找不到该被拒绝的修改", "Rejected change not found"),
    "cli.login_done": ("已登录 {server}：{user}（{role}），本机已有 {rows} 条数据",
                       "Signed in to {server} as {user} ({role}); {rows} rows on this computer"),
    "cli.sync_done": ("同步完成：上传 {pushed} 条（成功 {applied}，被拒 {rejected}，冲突 {conflicts}），"
                      "下载 {pulled} 条，用时 {seconds} 秒",
                      "Synced: pushed {pushed} (applied {applied}, rejected {rejected}, "
                      "conflicts {conflicts}), pulled {pulled} in {seconds} s"),
    "cli.sync_attention": ("请注意：{rejected} 条修改被服务器拒绝，{open_conflicts} 个冲突待处理",
                           "Attention: {rejected} changes were refused, {open_conflicts} conflicts "
                           "await you"),
    "cli.sync_offline": ("无法连接同步服务器 {server}；{pending} 条修改已保留在本机，稍后再同步",
                         "Cannot reach the sync server {server}; {pending} changes are kept here "
                         "for later"),
    "cli.sync_status": ("服务器：{server}\n用户：{user}（{role}）\n待上传修改：{pending}\n"
                        "未处理冲突：{conflicts}\n"
                        "被拒绝的修改：{rejected}\n上次成功同步：{last_sync}\n上次错误：{last_error}",
                        "Server: {server}\nUser: {user} ({role})\nPending changes: {pending}\n"
                        "Open conflicts: {conflicts}\nRejected changes: {rejected}\nLast successful sync: "
                        "{last_sync}\nLast error: {last_error}"),
    "cli.never": ("从未", "never"),
    # --- printed documents (crm report …) ---
    "report.date_invalid": ("日期无效：{value}（格式应为 YYYY-MM-DD，例如 2026-11-23）",
                            "Invalid date: {value} (use YYYY-MM-DD, e.g. 2026-11-23)"),
    "report.period_invalid": ("起始日期 {date_from} 晚于截止日期 {date_to}",
                              "The start date {date_from} is after the end date {date_to}"),
    "report.period_too_long": ("期间过长：一次最多打印 {days} 天，请分期间打印",
                               "The period is too long: at most {days} days per printout"),
    "report.rm_not_found": ("找不到客户经理 {username}，或其不在您的管理范围内",
                            "No RM {username}, or not one you may print for"),
    "report.rm_not_allowed": ("客户经理只能打印本人的台账和登记簿，不能打印 {username} 的",
                              "An RM may print only their own ledger and register, not {username}'s"),
    "report.unmask_denied": ("只有该客户的营销责任人或网点负责人可以打印完整的证件号码、电话和账号",
                             "Only the client's own RM or the branch head may print identifiers in full"),
    "report.printed": ("已生成 {path}：{pages} 页，文件编号 {doc_id}，校验码 {check}",
                       "Written {path}: {pages} pages, document {doc_id}, check code {check}"),
    "report.printed_draft": ("该方案尚未批准，已按草稿打印（每页带“草稿 DRAFT”水印），仅供内部审阅",
                             "The proposal is not approved: printed as a draft (DRAFT on every page), "
                             "for internal review only"),
    "report.verify_issued_unchanged": ("核验通过：本行出具且未经改动。{title}，{issued_by} 于 {issued_at} 打印，"
                                       "共 {pages} 页，文件编号 {doc_id}",
                                       "Verified: issued by us and unchanged. {title}, printed by {issued_by} "
                                       "at {issued_at}, {pages} pages, document {doc_id}"),
    "report.verify_modified": ("核验失败：文件编号 {doc_id} 由本行出具（{title}），但文件内容已被改动",
                               "NOT verified: document {doc_id} ({title}) was issued by us but the file has "
                               "been modified"),
    "report.verify_unknown": ("无法核验：没有本行出具该文件的记录（或本机尚未同步该记录）",
                              "Unknown: no record that we issued this file (or not yet synced here)"),
    "report.file_missing": ("找不到文件：{path}", "File not found: {path}"),
    "report.output_unwritable": ("无法写入文件：{path}", "Cannot write {path}"),
    "report.output_locked": ("无法覆盖 {path}：文件可能正被其他程序打开，请关闭后重试",
                             "Cannot replace {path}: it may be open in another program; close it and retry"),
    "report.branding_missing": ("找不到机构标识配置文件：{path}", "Branding file not found: {path}"),
    "report.branding_invalid": ("机构标识配置无效", "The branding file is invalid"),
    "report.context_invalid": ("打印参数无效", "Invalid print settings"),
    "report.unmask_password": ("再次输入密码以打印完整信息 / Re-enter password to print in full: ",
                               "Re-enter password to print identifiers in full: "),
    "proposal.not_found": ("找不到服务方案或无权查看：{id}", "Proposal not found or not visible to you: {id}"),
    "plan.not_found": ("找不到工作计划或无权查看：{id}", "Plan not found or not visible to you: {id}"),
}


# The catalogue holds the domain's codes; the entries above are the command line's and sync's own.
MESSAGES = {**CATALOG, **MESSAGES}


def language() -> str:
    lang = os.environ.get("CRM_LANG") or os.environ.get("LANGUAGE") or os.environ.get("LANG") or "zh_CN"
    return "en" if lang.lower().startswith("en") else "zh_CN"


def render(error: DomainError, lang: str | None = None) -> str:
    lang = lang or language()
    zh, en = MESSAGES.get(error.code, (None, None))
    template = (en if lang == "en" else zh) if zh else None
    if template is None:
        # A code without text still tells support exactly what happened.
        return error.code + (f" ({error.field})" if error.field else "")
    try:
        text = template.format(**error.params)
    except (KeyError, IndexError):
        text = template
    return f"{text} [{error.field}]" if error.field else text


def fmt(code: str, lang: str | None = None, **params: Any) -> str:
    return render(DomainError(code, params=params), lang)
