"""Authorization as data: what each role may do, and for whom. Plain Python.

One table, `POLICY`, says for every action (a stable key such as "payments.pay") how far each
role reaches: its own enterprise, the enterprises that delegated to it, its own office (for
an agency's people: their own agency), any, or none at all. Every API route and portal page
declares its action (`deps.requires`, `web.pages.page_for`), which refuses a role that does
not reach at all before the route runs; the services decide on the resource itself, with
`allowed(actor, action, target)`, reading the same table. The administrator's roles matrix
shows this table (docs/security.md: "The policy table", how to add an action).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from smartcustoms.errors import PermissionDenied
from smartcustoms.identity.messages import texts
from smartcustoms.identity.rules import Actor, Role, Scope


class ActionNotAllowed(PermissionDenied):
    """The actor's role does not reach the action at all (403, whatever the resource)."""

    code = "action_not_allowed"


class Reach(StrEnum):
    """How far a role may do an action (the "scope" of a policy row)."""

    OWN_ENTERPRISE = "own_enterprise"  # the actor's own enterprise (an API key: its scopes)
    DELEGATED = "delegated"  # the enterprises that delegated it to the actor's firm
    OWN_OFFICE = "own_office"  # the actor's customs office; an agency's people: their agency
    ANY = "any"  # whoever the resource belongs to
    NONE = "none"  # never: denied


@dataclass(frozen=True)
class Action:
    """One thing a user may do, by its stable key, with its name in both languages and the
    delegation scope it needs when done for an enterprise (None: no delegation gives it)."""

    key: str
    label_en: str
    label_vi: str
    needs: Scope | None = None


@dataclass(frozen=True)
class Rule:
    """One row of the table: `role` may do `action` within `reach`."""

    action: str
    role: Role
    reach: Reach


@dataclass(frozen=True)
class Target:
    """Whose the resource is: its enterprise, its customs office, its agency (None: unknown,
    or not owned that way)."""

    enterprise_id: int | None = None
    office_code: str | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reach: Reach
    # Why it was refused: "role", "enterprise", "office" (None when allowed).
    refused_for: str | None = None


class Delegations(Protocol):
    """The port through which the policy asks whether an enterprise delegated `scope` to the
    actor (identity's service provides it; by default the delegations in force that were read
    with the actor)."""

    def grants(self, actor: Actor, enterprise_id: int, scope: Scope | None) -> bool: ...


class DelegationsReadWithActor:
    """The delegations in force when the actor was read (Actor.grants), API key scopes
    included."""

    def grants(self, actor: Actor, enterprise_id: int, scope: Scope | None) -> bool:
        if enterprise_id not in actor.enterprise_ids:
            return False
        return scope is None or actor.may_act_for(enterprise_id, scope)


READ_WITH_ACTOR = DelegationsReadWithActor()

TR, BR, OF, SU = Role.TRADER, Role.BROKER, Role.OFFICER, Role.SUPERVISOR
AO, AS, GS, AD = Role.AGENCY_OFFICER, Role.AGENCY_SYSTEM, Role.GATE_SYSTEM, Role.ADMIN
OWN, DEL, OFFICE, ANY = Reach.OWN_ENTERPRISE, Reach.DELEGATED, Reach.OWN_OFFICE, Reach.ANY

_EVERYONE = dict.fromkeys(Role, ANY)
_DECLARANTS = {TR: OWN, BR: DEL}
_VIEWERS = {TR: OWN, BR: DEL, OF: OFFICE, SU: OFFICE, AD: ANY}
_OFFICE = {OF: OFFICE, SU: OFFICE}
_CUSTOMS_ANY = {OF: ANY, SU: ANY, AD: ANY}
_SUPERVISING = {SU: ANY, AD: ANY}
_ADMIN = {AD: ANY}

# (action, English, Vietnamese, delegation scope needed, reach by role: the rest have none).
_TABLE: tuple[tuple[str, str, str, Scope | None, Mapping[Role, Reach]], ...] = (
    ("account.self", "Use one's own account and sign out", "Dùng tài khoản của mình, đăng xuất",
     None, _EVERYONE),
    ("delegations.manage", "Delegate to brokers and issue API keys",
     "Ủy quyền cho đại lý và cấp khóa API", None, {TR: OWN}),
    ("declarations.file", "File, amend and cancel declarations",
     "Khai, sửa và hủy tờ khai hải quan", Scope.DECLARE, _DECLARANTS),
    ("declarations.read", "See declarations", "Xem tờ khai", Scope.VIEW, _VIEWERS),
    ("declarations.worklist", "Work on the office's declarations", "Xử lý tờ khai của chi cục",
     None, _OFFICE),
    ("declarations.release", "Decide clearance and release",
     "Quyết định thông quan, giải phóng hàng", None, _OFFICE),
    ("declarations.release_times", "See release times", "Xem thời gian giải phóng hàng",
     None, {OF: OFFICE, SU: OFFICE, AD: ANY}),
    ("documents.upload", "Upload documents", "Tải lên chứng từ", Scope.DECLARE, _DECLARANTS),
    ("documents.read", "See documents", "Xem chứng từ", Scope.VIEW, _VIEWERS),
    ("tariff.search", "Search HS codes and the tariff", "Tra cứu mã số HS và biểu thuế",
     None, {r: ANY for r in Role if r != GS}),
    ("risk.rules.read", "Read risk rules and the channel policy",
     "Xem tiêu chí quản lý rủi ro và chính sách phân luồng", None, _CUSTOMS_ANY),
    ("risk.rules.edit", "Write risk rules", "Soạn tiêu chí quản lý rủi ro", None, _CUSTOMS_ANY),
    ("risk.rules.switch", "Switch risk rules on and off, change the channel policy",
     "Bật, tắt tiêu chí rủi ro, sửa chính sách phân luồng", None, _SUPERVISING),
    ("risk.traders.read", "See an enterprise's compliance profile",
     "Xem hồ sơ tuân thủ của doanh nghiệp", Scope.VIEW, {**_DECLARANTS, **_CUSTOMS_ANY}),
    ("risk.standing.change", "Grant or withdraw priority (AEO) status, record tax debts",
     "Công nhận, thu hồi doanh nghiệp ưu tiên, ghi nợ thuế", None, _SUPERVISING),
    ("risk.decision.read", "See a declaration's channel", "Xem phân luồng tờ khai",
     Scope.DECLARE, _VIEWERS),
    ("risk.worklist", "Work on the office's channels", "Xử lý các luồng của chi cục",
     None, _OFFICE),
    ("risk.inspect", "Do document checks and physical inspections",
     "Kiểm tra hồ sơ và kiểm tra thực tế hàng hóa", None, _OFFICE),
    ("risk.models.read", "Read risk models", "Xem mô hình quản lý rủi ro", None, _CUSTOMS_ANY),
    ("risk.models.manage", "Train and activate risk models",
     "Huấn luyện, kích hoạt mô hình rủi ro", None, _SUPERVISING),
    ("payments.read", "See duties, accounts and receipts",
     "Xem số thuế phải nộp, tài khoản và biên lai", Scope.VIEW,
     {TR: OWN, BR: DEL, OF: ANY, SU: ANY, AD: ANY}),
    ("payments.pay", "Pay duties and taxes", "Nộp thuế", Scope.PAY, _DECLARANTS),
    ("payments.accounts.manage", "Set account warnings, give brokers standing authority",
     "Đặt cảnh báo số dư, ủy quyền cho đại lý dùng tài khoản", None, {TR: OWN}),
    ("payments.office", "Reconcile banks, record guarantees and limits",
     "Đối soát ngân hàng, ghi nhận bảo lãnh và hạn mức", None, _CUSTOMS_ANY),
    ("permits.registry.read", "See agencies and controlled goods",
     "Xem cơ quan và danh mục hàng kiểm tra chuyên ngành", None, _EVERYONE),
    ("permits.registry.change", "Add controlled goods", "Thêm hàng kiểm tra chuyên ngành",
     None, _ADMIN),
    ("permits.apply", "Apply for licences", "Nộp hồ sơ xin giấy phép", Scope.DECLARE,
     _DECLARANTS),
    ("permits.read", "See licence applications", "Xem hồ sơ xin giấy phép", Scope.VIEW,
     {**_DECLARANTS, AO: OFFICE, AS: OFFICE, OF: ANY, SU: ANY}),
    ("permits.decide", "Decide licences and specialized inspections for their agency",
     "Quyết định giấy phép và kiểm tra chuyên ngành của cơ quan mình", Scope.DECLARE,
     {**_DECLARANTS, AO: OFFICE, AS: OFFICE}),
    ("permits.figures", "See licensing figures", "Xem số liệu cấp phép", None,
     {AO: OFFICE, AS: OFFICE, OF: ANY, SU: ANY, AD: ANY}),
    ("notifications.endpoint", "Set where notifications are sent",
     "Đặt địa chỉ nhận thông báo", None, {TR: OWN}),
    ("notifications.read", "Receive notifications", "Nhận thông báo", Scope.DECLARE,
     {**_DECLARANTS, **_SUPERVISING}),
    ("notifications.operate", "Replay undelivered notifications",
     "Gửi lại thông báo không chuyển được", None, _SUPERVISING),
    ("partners.read", "See partner customs administrations", "Xem hải quan đối tác", None,
     _CUSTOMS_ANY),
    ("partners.manage", "Register partner customs administrations",
     "Đăng ký hải quan đối tác", None, _ADMIN),
    ("partners.exchange", "Exchange messages with partner customs",
     "Trao đổi thông điệp với hải quan đối tác", None, _CUSTOMS_ANY),
    ("signatures.certificates", "Register and revoke signing certificates",
     "Đăng ký, thu hồi chứng thư số", None, {TR: OWN, BR: OWN, AD: ANY}),
    ("signatures.verify", "Check a signature handed in", "Kiểm tra chữ ký số được gửi đến",
     None, _EVERYONE),
    ("signatures.sign", "Sign declarations digitally", "Ký số tờ khai", Scope.DECLARE,
     _DECLARANTS),
    ("border.manifests.file", "File manifests", "Khai bản lược khai hàng hóa", None,
     {TR: OWN, BR: OWN}),
    ("border.manifests.read", "See manifests", "Xem bản lược khai hàng hóa", None,
     {TR: OWN, BR: OWN, OF: OFFICE, SU: OFFICE, AD: ANY}),
    ("border.holds", "See goods held before arrival", "Xem hàng bị giữ trước khi đến",
     None, {OF: OFFICE, SU: OFFICE, AD: ANY}),
    ("border.gates.manage", "Register gates", "Đăng ký cổng giám sát", None, _SUPERVISING),
    ("border.gate_event", "Report gate-in and gate-out from a gate's cameras and readers",
     "Gửi dữ liệu qua khu vực giám sát (vào / ra) từ camera và đầu đọc của cổng", None,
     {GS: ANY}),
    ("border.slots", "Book gate slots", "Đặt lịch qua cổng", None, {TR: OWN, BR: OWN}),
    ("border.release_study", "See the Time Release Study",
     "Xem nghiên cứu thời gian giải phóng hàng", None, {OF: OFFICE, SU: OFFICE, AD: ANY}),
    ("audit.read", "Read the audit trail and its signed checkpoints",
     "Xem nhật ký kiểm tra thao tác và các điểm neo đã ký", None, _SUPERVISING),
    ("admin.users", "Manage users", "Quản lý người dùng", None, _ADMIN),
    ("admin.organisations", "Manage enterprises and offices", "Quản lý doanh nghiệp và chi cục",
     None, _ADMIN),
)  # fmt: skip

ACTIONS: dict[str, Action] = {key: Action(key, en, vi, needs) for key, en, vi, needs, _ in _TABLE}
POLICY: tuple[Rule, ...] = tuple(
    Rule(key, role, reaches.get(role, Reach.NONE)) for key, *_, reaches in _TABLE for role in Role
)
_REACH: dict[tuple[str, Role], Reach] = {(r.action, r.role): r.reach for r in POLICY}


def action(key: str) -> Action:
    """The action by its key; an unknown key is a programming error (raised at import)."""
    if key not in ACTIONS:
        raise KeyError(f"no action {key!r} in the policy table (identity/policy.py)")
    return ACTIONS[key]


def reach_of(role: Role, key: str) -> Reach:
    action(key)
    return _REACH[(key, role)]


def roles_for(key: str) -> frozenset[Role]:
    """The roles that may do the action for someone at least."""
    return frozenset(r for r in Role if reach_of(r, key) != Reach.NONE)


def allowed(
    actor: Actor,
    key: str,
    target: Target | None = None,
    delegations: Delegations = READ_WITH_ACTOR,
) -> Decision:
    """May `actor` do the action to `target`? Without a target: whether the role reaches at
    all (the check every route makes before it runs)."""
    reach = reach_of(actor.role, key)
    if reach == Reach.NONE:
        return Decision(False, reach, "role")
    if target is None or reach == Reach.ANY:
        return Decision(True, reach)
    needs = ACTIONS[key].needs
    if reach == Reach.OWN_OFFICE:
        if actor.role in (Role.AGENCY_OFFICER, Role.AGENCY_SYSTEM):
            mine = target.agency_id is not None and target.agency_id == actor.organisation_id
        else:
            mine = target.office_code is not None and target.office_code == actor.office_code
        return Decision(True, reach) if mine else Decision(False, reach, "office")
    enterprise = target.enterprise_id
    if enterprise is None:
        return Decision(False, reach, "enterprise")
    if reach == Reach.OWN_ENTERPRISE:
        ok = enterprise == actor.organisation_id and (
            actor.grants is None or needs is None or (enterprise, needs) in actor.grants
        )
    else:  # delegated: what the enterprises that delegated to the actor's firm let it do
        ok = delegations.grants(actor, enterprise, needs)
    return Decision(True, reach) if ok else Decision(False, reach, "enterprise")


def refusal(key: str) -> ActionNotAllowed:
    """The error refusing a role the action, in both languages."""
    named = action(key)
    en = texts("action_not_allowed", action=named.label_en)[0]
    vi = texts("action_not_allowed", action=named.label_vi)[1]
    return ActionNotAllowed(message_en=en, message_vi=vi)


def require(actor: Actor, key: str, target: Target | None = None) -> None:
    """Refuse, with `refusal`, an actor whose role does not reach the action; with a target,
    one the target is out of reach of (the caller answers 404 instead where ids must not be
    probed: check `allowed` then)."""
    if not allowed(actor, key, target).allowed:
        raise refusal(key)
