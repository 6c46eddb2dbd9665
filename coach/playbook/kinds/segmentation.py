"""How customers are grouped: why it pays, the criteria, and the rules that stage accounts."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import (
    Base,
    Id,
    ModuleAt,
    Ours,
    Part,
    SourceOf,
    Text,
    TextList,
    doc,
    source_problems,
)


class Criterion(Part, kw_only=True):
    id: Annotated[Id, doc("The criterion's name in files (demographic...).")]
    name: Annotated[Text, doc("The criterion's heading in `coach learn`.")]
    covers: Annotated[TextList, doc(
        "The factors this criterion looks at (age, income, values, usage rate...).")]


class Importance(Part, kw_only=True):
    title: Annotated[Text, doc("The heading of one reason segmenting pays off.")]


class _Block(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class AccountColumns(_Block, kw_only=True):
    """The CRM export's column for each role (`--map ROLE=COLUMN` overrides one run)."""

    account_id: Annotated[Text, doc("The column naming the account an order is for.")] = (
        "account_id")
    account_name: Annotated[Text, doc("The column with the account's name.")] = "account_name"
    order_date: Annotated[Text, doc("The column with the order's date.")] = "order_date"
    amount: Annotated[Text, doc("The column with the order's value.")] = "amount"


class AccountReasons(_Block, kw_only=True):
    """The reason shown for each rule, in words. Placeholders in {braces}; see `coach accounts`."""

    potential: Annotated[Text, doc("Why an account is potential: it has no order.")] = (
        "no order yet")
    new: Annotated[Text, doc("Why an account is new: its first order is recent.")] = (
        "first order {first_ago}; {orders} worth {monetary} so far")
    lapsed: Annotated[Text, doc("Why a regular buyer is at risk: silent too long.")] = (
        "no order for {recency}; usual gap {gap}")
    spend_drop: Annotated[Text, doc("Why an account is at risk: its recent spend fell.")] = (
        "spend down {drop_pct}%: {recent} in the last {trend_days} days "
        "against {prior} in the {trend_days} before")
    loyal: Annotated[Text, doc("Why an account is loyal: regular, repeat orders.")] = (
        "{orders} about every {gap}, {monetary} in all; last {last_ago}")
    occasional: Annotated[Text, doc("Why a buyer who fits no rule is where it is.")] = (
        "{orders} worth {monetary}, last {last_ago}; bought, then went quiet")


Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]


class AccountRules(_Block, kw_only=True):
    """Rules that stage accounts from an order-level CRM export, checked in this order:
    potential (no order) -> new -> at-risk (lapsed, then spend drop) -> loyal -> occasional."""

    columns: Annotated[AccountColumns, doc(
        "Which column of the CRM export holds each thing coach needs.")] = (
        msgspec.field(default_factory=AccountColumns))
    new_days: Annotated[Days, doc("New: the first order is at most this many days old.")] = 90
    loyal_min_orders: Annotated[int, msgspec.Meta(ge=2, le=1000), doc(
        "A regular, repeat buyer has at least this many orders, on two days or more (so it "
        "has a usual gap, see `gap_orders`).")] = 3
    gap_orders: Annotated[int, msgspec.Meta(ge=3, le=100), doc(
        "The usual gap is the median gap between consecutive order days among the last N "
        "orders: robust to one long silence, and it follows the recent rhythm.")] = 24
    at_risk_gap_multiple: Annotated[float, msgspec.Meta(ge=1.0, le=20.0), doc(
        "At-risk (lapsed): a regular buyer silent for more than this many usual gaps.")] = 2.0
    trend_days: Annotated[Days, doc(
        "The recent trend compares spend in the last N days with the N days before.")] = 180
    spend_drop: Annotated[float, msgspec.Meta(ge=0.05, le=1.0), doc(
        "At-risk (spend drop): recent spend down by at least this fraction (0.5 = half).")] = 0.5
    review_gap_multiple: Annotated[float, msgspec.Meta(ge=0.0, le=20.0), doc(
        "A loyal account is due a review call once silent for this many usual gaps.")] = 1.0
    occasional_stage: Annotated[Literal["new", "at-risk", "loyal"], doc(
        "The stage of buyers who fit no rule: few orders, the first long ago. They have "
        "bought, so never potential; by default at-risk: they bought and went quiet.")] = (
        "at-risk")
    reasons: Annotated[AccountReasons, doc(
        "The reason `coach accounts` gives for each rule, in your words.")] = (
        msgspec.field(default_factory=AccountReasons))


class Segmentation(Base, tag="segmentation", kw_only=True):
    name: Annotated[Text, doc("The heading of the segmentation topic in `coach learn`.")]
    summary: Annotated[Text, doc("A short paragraph: what segmenting customers means.")]
    importance: Annotated[list[Importance], msgspec.Meta(min_length=1), doc(
        "Why segmenting pays off: one block per reason.")]
    criteria: Annotated[list[Criterion], msgspec.Meta(min_length=1), doc(
        "The criteria customers are grouped by (demographic, psychographic, behavioural).")]
    accounts: Annotated[AccountRules, doc(
        "Rules that stage accounts from a CRM export (see `coach accounts segment`).")] = (
        msgspec.field(default_factory=AccountRules))
    source: SourceOf = "coach"
    module: ModuleAt = ""
    ours: Ours = []

    def lint(self) -> list[tuple[str, str]]:
        return source_problems(self)
