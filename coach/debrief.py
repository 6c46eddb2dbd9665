"""The debrief: the module's case template (who, the read, the approach, the objections, the
outcome, what worked and what did not, the next step) as a short guided flow.

`ask()` takes any prompter (coach.interview.Prompter, or a test's scripted one) and asks what
the flags did not already give; `from_flags()` builds the same record without asking. Neither
writes anything: the caller stores the result, so Ctrl-C part-way leaves the journal as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.errors import InputRequired, UsageError
from coach.journal import NO_NAME, local_time
from coach.text import iso_day, parse_day, unknown
from coach.vocab import OUTCOMES, Outcome

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks
    from coach.records import PrepRow, PrepSummary

SKIP = "skip"
NEW = "new"
PICKER = 8
"""How many recent preps the "which call?" picker lists (the digits answer the first 9)."""


def _valid_day(text: str) -> bool | str:
    try:
        parse_day(text, "")
        return True
    except UsageError:
        return "Use YYYY-MM-DD, or leave it empty"


def _brief(books: Playbooks, style_id: str, stage_id: str | None):
    """The brief the rep would have had for this style and stage (what the debrief offers
    is what the brief said: a line a stage held back was never advice for this call)."""
    from coach.brief import Prospect, build_brief
    from coach.scoring import given

    style = books.style(style_id)
    return build_brief(books, Prospect(stage=stage_id or ""), given(style_id, style.position))


def approach_choices(books: Playbooks, style_id: str, stage_id: str | None = None) -> list[str]:
    """What the brief told the rep to do: its first-screen actions, then its strategy and
    engagement, in that order, without repeats."""
    return _actions(_brief(books, style_id, stage_id))


def _actions(brief) -> list[str]:
    texts = [*brief.top_actions, *(item for section in brief.sections
                                   if section.id in ("strategy", "engagement")
                                   for item in section.items)]
    return list(dict.fromkeys(str(t) for t in texts))


def objection_choices(books: Playbooks, style_id: str,
                      stage_id: str | None = None) -> list[tuple[str, str]]:
    """The objections the brief prepared the rep for, each with its suggested answer."""
    return _objections(_brief(books, style_id, stage_id))


def _objections(brief) -> list[tuple[str, str]]:
    found = next((s for s in brief.sections if s.id == "objections"), None)
    return [(str(p.point), str(p.answer)) for p in found.items] if found else []


def check(books: Playbooks, call: dict) -> dict:
    """Flag values checked against the playbooks; the read settled from the flags given."""
    styles = books.styles
    for key, flag in (("style", "--style"), ("actual_style", "--actual-style")):
        if call.get(key) and call[key] not in styles:
            raise unknown("style", call[key], styles, flag)
    if call.get("stage") and call["stage"] not in books.stages:
        raise unknown("stage", call["stage"], books.stages, "--stage")
    if call.get("outcome") and call["outcome"] not in OUTCOMES:
        raise unknown("outcome", call["outcome"], OUTCOMES, "--outcome")
    actual, held = call.get("actual_style"), call.get("read_held")
    if actual and call.get("style"):
        if held is True and actual != call["style"]:
            raise UsageError("--read-held and --actual-style disagree: the read held means "
                             "they were the style you read")
        if held is False and actual == call["style"]:
            raise UsageError("--read-missed with --actual-style equal to --style: "
                             "give the style they really were")
        call["read_held"] = actual == call["style"]
        if call["read_held"]:
            call["actual_style"] = None
    return call


def _pairs(objections: list[str], responses: list[str]) -> list[dict]:
    if len(responses) > len(objections):
        raise UsageError("--response: more answers than --objection flags (the n-th "
                         "--response answers the n-th --objection)")
    return [{"objection": o, "response": responses[i] if i < len(responses) else None}
            for i, o in enumerate(objections)]


def given_from_flags(*, prep: PrepRow | None, name=None, company=None, style=None, stage=None,
                     outcome=None, read_held=None, actual_style=None, approaches=(),
                     objections=(), responses=(), worked=None, missed=None, next_step=None,
                     next_date=None, day=None) -> dict:
    """What the flags said, filled in from the linked prep where the flags are silent."""
    linked: Mapping[str, Any] = prep or {}
    call = {
        "prep_id": linked.get("id"),
        "name": name or _named(linked),
        "company": company or linked.get("company"),
        "style": style or linked.get("style"),
        "stage": stage or linked.get("stage"),
        "outcome": outcome,
        "read_held": read_held,
        "actual_style": actual_style,
        "approaches": [a.strip() for a in approaches if a and a.strip()],
        "objections": _pairs([o.strip() for o in objections if o and o.strip()],
                             list(responses)),
        "worked": worked, "missed": missed,
        "next_step": next_step, "next_date": iso_day(next_date, "--next-date"),
        "day": iso_day(day, "--date") or date.today().isoformat(),
    }
    return call


def missing(call: dict) -> list[str]:
    return [flag for key, flag in (("name", "--name"), ("style", "--style"),
                                   ("outcome", "--outcome")) if not call.get(key)]


def to_ask(call: dict) -> list[str]:
    """What the guided flow would still ask, by flag, for the "no terminal" error."""
    optional = (("read_held", "--read-held/--read-missed"), ("approaches", "--approach"),
                ("objections", "--objection"), ("worked", "--worked"), ("missed", "--missed"),
                ("next_step", "--next-step"))
    return [*missing(call), *(flag for key, flag in optional if call.get(key) in (None, []))]


def from_flags(books: Playbooks, call: dict) -> dict:
    """The --no-input path: every required field from the flags, or an error naming them."""
    lacking = missing(call)
    if lacking:
        raise InputRequired(f"--no-input: missing {', '.join(lacking)} (or --prep ID for a "
                            "prepped prospect)")
    return check(books, call)


def _named(prep: Mapping[str, Any]) -> str | None:
    """The prep's prospect name, or None when the prep was made without one."""
    name = (prep.get("name") or "").strip()
    return name if name and name != NO_NAME else None


def _prep_label(prep: PrepSummary, books: Playbooks, width: int = 72) -> str:
    """One line per prep that tells two preps of one prospect apart: who, the read, the
    stage and when it was prepped; a long name or company is cut, never the facts. A prep
    made without a name says so, with its id ("Unnamed prep 12")."""
    from coach.text import clip

    style = books.styles.get(prep.get("style") or "")
    facts = [style.name if style else "style not read"]
    stage = prep.get("stage")
    if stage:
        facts.append(stage)
    facts.append(f"prepped {local_time(prep.get('created'), short=True)}")
    if prep.get("debriefed"):
        facts.append("debriefed")
    tail = ", ".join(facts)
    room = max(16, width - len(tail) - 2)
    who = _named(prep) or f"Unnamed prep {prep['id']}"
    company = prep.get("company")
    if company and len(who) + 4 < room:  # cut inside the brackets, so they still close
        who += f" ({clip(company, room - len(who) - 3)})"
    return f"{clip(who, room)}: {tail}"


def who(prep: Mapping[str, Any], books: Playbooks) -> str:
    """'Tom (Acme), prep 12: read as Analytical, at-risk' for the line before a debrief."""
    name = _named(prep) or "(no name given)"
    if prep.get("company"):
        name += f" ({prep['company']})"
    style = books.styles.get(prep.get("style") or "")
    facts = [f"read as {style.name}" if style else "style not read"]
    if prep.get("stage"):
        facts.append(str(prep["stage"]))
    return f"{name}, prep {prep['id']}: {', '.join(facts)}"


def _a(name: str) -> str:
    """'a Driver', 'an Amiable'."""
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _fit(choices: list[tuple[str, str]], width: int):
    """Choice labels cut with '…' to one line of `width`; the full text of a cut one (shown
    under the list while it is highlighted, and in the draft before saving)."""
    from coach.text import fit_choices

    return fit_choices(choices, width)


def _select(prompter, message: str, choices, width: int, instruction: str | None = None) -> str:
    fitted, full = _fit(choices, width)
    return prompter.select(message, fitted, descriptions=full or None,
                           **({"instruction": instruction} if instruction else {}))


def _split(text: str) -> list[str]:
    return [t.strip() for t in (text or "").split(";") if t.strip()]


def ask(prompter, books: Playbooks, call: dict, preps: list[PrepSummary], load_prep=None, *,
        width: int | None = None, show=None) -> dict | None:
    """Ask for whatever `call` lacks; returns the finished call, or None if the rep declines
    to save it. `load_prep(id)` fetches a prep picked from `preps` (with its answers).

    Choice labels are cut to `width` (default: the terminal's, less the prompt's margin);
    `show(call)`, if given, shows the whole debrief, every text in full, before it is saved.
    """
    if width is None:
        from coach.text import terminal_width

        width = terminal_width() - 8
    width = max(width, 20)
    call = dict(call)
    if not call.get("name") and call.get("prep_id") is None and preps:
        shown = preps[:PICKER]
        choices = [(str(p["id"]), _prep_label(p, books, width)) for p in shown]
        choices.append((NEW, "Someone else (no prep)"))
        older = ("(older preps: coach debrief --prep ID; coach journal list --preps lists them)"
                 if len(preps) > PICKER else None)
        picked = _select(prompter, "Which call are you debriefing?", choices, width, older)
        if picked != NEW:
            prep = (load_prep(int(picked)) if load_prep else None) or next(
                p for p in preps if str(p["id"]) == picked)
            call["prep_id"] = prep["id"]
            call["name"] = call.get("name") or _named(prep)
            for key in ("company", "style", "stage"):
                call[key] = call.get(key) or prep.get(key)
    if not call.get("name"):
        call["name"] = prompter.text(
            "Prospect's name:", validate=lambda t: bool(t.strip()) or "A name, please")
        if not call.get("company"):
            call["company"] = prompter.text("Company (Enter to skip):") or None
    if not call.get("style"):
        call["style"] = _select(
            prompter, "Which style did you read them as?",
            [(sid, f"{s.name}: {s.summary}") for sid, s in books.styles.items()], width)
    style = books.styles[call["style"]]
    if not call.get("stage") and call.get("prep_id") is None:
        stage = _select(
            prompter, "The account's stage:",
            [*((sid, f"{s.name} ({s.hint})") for sid, s in books.stages.items()),
             (SKIP, "Not sure / skip")], width)
        call["stage"] = None if stage == SKIP else stage
    if not call.get("outcome"):
        call["outcome"] = _select(prompter, "How did the call go?",
                                  [(o.value, o.label) for o in Outcome], width)
    if call.get("read_held") is None and not call.get("actual_style"):
        choices = [("held", f"Yes: they were {_a(style.name)}")]
        choices += [(sid, f"No: they were {_a(s.name)}") for sid, s in books.styles.items()
                    if sid != call["style"]]
        choices += [("missed", "No, and I can't say what they were"),
                    ("unknown", "Can't tell yet")]
        read = _select(prompter, f"Did the {style.name} read hold on the call?", choices,
                       width)
        if read in ("held", "missed"):
            call["read_held"] = read == "held"
        elif read != "unknown":
            call["read_held"], call["actual_style"] = False, read
    # the brief the rep had, built once for both questions below
    had = (_brief(books, call["style"], call.get("stage"))
           if not call.get("approaches") or not call.get("objections") else None)
    if not call.get("approaches"):
        # The value is the playbook's full text, whatever the label shows.
        picked = prompter.checkbox("What did you use?",
                                   _fit([(t, t) for t in _actions(had)], width)[0])
        own = _split(prompter.text("Anything else you tried? (several: separate with ';', "
                                   "Enter for none)"))
        call["approaches"] = [*picked, *own]
    if not call.get("objections"):
        call["objections"] = _ask_objections(prompter, _objections(had), width)
    if call.get("worked") is None:
        call["worked"] = prompter.text("What worked?") or None
    if call.get("missed") is None:
        call["missed"] = prompter.text("What did not work?") or None
    if call.get("next_step") is None:
        # a short phrase reads right in the follow-up email ("the pilot start on 10 Dec")
        call["next_step"] = prompter.text(
            "Next step, as a short phrase such as 'pilot start' (Enter for none):") or None
        if call["next_step"] and not call.get("next_date"):
            when = prompter.text("By when? (YYYY-MM-DD, Enter to skip)", validate=_valid_day)
            call["next_date"] = iso_day(when, "next step date")
    if show is not None:
        show(call)
    if not prompter.confirm("Save this debrief to the journal?", default=True):
        return None
    return check(books, call)


def _ask_objections(prompter, listed: list[tuple[str, str]], width: int = 72) -> list[dict]:
    """The brief's objections to tick, each answered as the brief suggested or otherwise;
    then any others, in the prospect's words."""
    picked = prompter.checkbox(
        "Which objections came up?",
        _fit([(str(i), objection) for i, (objection, _) in enumerate(listed)], width)[0])
    found = []
    for index in picked:
        objection, suggested = listed[int(index)]
        how = _select(
            prompter, f"How did you answer \u201c{objection}\u201d?",
            [("playbook", f"As the brief suggested: {suggested}"),
             ("own", "In my own words"), ("none", "I didn't answer it")], width)
        response = {"playbook": suggested, "none": None}.get(how)
        if how == "own":
            response = prompter.text("What did you say?") or None
        found.append({"objection": objection, "response": response})
    while True:
        other = prompter.text("Another objection, in their words? (Enter for none)")
        if not other:
            break
        found.append({"objection": other,
                      "response": prompter.text("How did you answer it? (Enter to skip)")
                      or None})
    return found
