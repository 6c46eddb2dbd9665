"""How customers are grouped: the three criteria, and the rules that stage accounts."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Id, Part, Text, TextList


class Criterion(Part, kw_only=True):
    id: Id
    name: Text
    covers: TextList
    """The factors this criterion looks at (age, income, values, usage rate...)."""


class Importance(Part, kw_only=True):
    title: Text


class _Block(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class AccountColumns(_Block, kw_only=True):
    """The CRM export's column for each role (`--map ROLE=COLUMN` overrides one run)."""

    account_id: Text = "account_id"
    account_name: Text = "account_name"
    order_date: Text = "order_date"
    amount: Text = "amount"


class AccountReasons(_Block, kw_only=True):
    """The reason shown for each rule, in words. Placeholders in {braces}; see `coach accounts`."""

    potential: Text = "no order yet"
    new: Text = "first order {first_ago}; {orders} worth {monetary} so far"
    lapsed: Text = "no order for {recency}; usual gap {gap}"
    spend_drop: Text = ("spend down {drop_pct}%: {recent} in the last {trend_days} days "
                        "against {prior} in the {trend_days} before")
    loyal: Text = "{orders} about every {gap}, {monetary} in all; last {last_ago}"
    occasional: Text = "{orders} worth {monetary}, last {last_ago}; bought, then went quiet"


Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]
StageId = Literal["potential", "new", "at-risk", "loyal"]


class AccountRules(_Block, kw_only=True):
    """Rules that stage accounts from an order-level CRM export, checked in this order:
    potential (no order) -> new -> at-risk (lapsed, then spend drop) -> loyal -> occasional."""

    columns: AccountColumns = msgspec.field(default_factory=AccountColumns)
    new_days: Days = 90
    """New: the first order is at most this many days old."""
    loyal_min_orders: Annotated[int, msgspec.Meta(ge=2, le=1000)] = 3
    """A regular, repeat buyer has at least this many orders, on two days or more (so it
    has a usual gap, see `gap_orders`)."""
    gap_orders: Annotated[int, msgspec.Meta(ge=3, le=100)] = 24
    """The usual gap is the median gap between consecutive order days among the last N
    orders: robust to one long silence, and it follows the recent rhythm."""
    at_risk_gap_multiple: Annotated[float, msgspec.Meta(ge=1.0, le=20.0)] = 2.0
    """At-risk (lapsed): a regular buyer silent for more than this many usual gaps."""
    trend_days: Days = 180
    """The recent trend compares spend in the last N days with the N days before."""
    spend_drop: Annotated[float, msgspec.Meta(ge=0.05, le=1.0)] = 0.5
    """At-risk (spend drop): recent spend down by at least this fraction (0.5 = half)."""
    review_gap_multiple: Annotated[float, msgspec.Meta(ge=0.0, le=20.0)] = 1.0
    """A loyal account is due a review call once silent for this many usual gaps."""
    occasional_stage: Literal["new", "at-risk", "loyal"] = "at-risk"
    """The stage of buyers who fit no rule: few orders, the first long ago. They have bought,
    so never potential; by default at-risk: they bought and went quiet."""
    reasons: AccountReasons = msgspec.field(default_factory=AccountReasons)


class Segmentation(Base, tag="segmentation", kw_only=True):
    name: Text
    summary: Text
    importance: Annotated[list[Importance], msgspec.Meta(min_length=1)]
    criteria: Annotated[list[Criterion], msgspec.Meta(min_length=1)]
    accounts: AccountRules = msgspec.field(default_factory=AccountRules)
    """Rules that stage accounts from a CRM export (see `coach accounts segment`)."""
