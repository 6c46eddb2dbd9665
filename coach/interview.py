"""All prompting lives here: the only module that imports questionary.

`Prompter` wraps questionary so that tests can drive the real prompts through
prompt_toolkit's pipe input, and so that flows (the prep interview, the debrief, the quiz)
never touch questionary themselves. Questionary is imported only when a prompt is shown,
after we know there is a terminal to show it on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach.errors import InputRequired

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks

Choice = tuple[str, str]  # (value, label)


def require_terminal(missing: Sequence[str], hint: str) -> None:
    """Fail fast, before importing prompt_toolkit, when nobody can answer."""
    if not sys.stdin.isatty():
        raise InputRequired(
            f"no terminal to ask on; missing: {', '.join(missing)}. {hint}")


def _answer_on_digits(question, choices: Sequence[Choice]) -> None:
    """One keypress an answer: digit N picks choice N and submits, shown as answered."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    app = question.application
    control = next((c for c in app.layout.find_all_controls()
                    if isinstance(c, InquirerControl)), None)
    keys = KeyBindings()

    def pick(index: int):
        def handler(event) -> None:
            if control is not None:
                control.pointed_at = index
                control.is_answered = True
            event.app.exit(result=choices[index][0])
        return handler

    for index in range(min(9, len(choices))):
        keys.add(str(index + 1), eager=True)(pick(index))
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_output():
    """A prompt_toolkit output on the rep's terminal when stdout is not one: stderr if it is a
    terminal, else /dev/tty; None when there is no terminal at all."""
    from prompt_toolkit.output import create_output

    if _isatty(sys.stderr):
        return create_output(stdout=sys.stderr)
    try:
        tty = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 - lives as long as we do
    except OSError:
        return None
    return create_output(stdout=tty)


def terminal_width() -> int:
    """The width prompts are drawn at: $COLUMNS, else the terminal on stdout or stderr (the
    prompts go to stderr when stdout is redirected), else 80."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    for stream in (sys.stdout, sys.stderr):
        try:
            return max(40, os.get_terminal_size(stream.fileno()).columns)
        except (AttributeError, OSError, ValueError):
            continue
    return 80


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken between words; a word longer than a line
    is cut with an ellipsis rather than split."""
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines] or [""]


def fit_prompt(message: str, instruction: str | None, answers: Sequence[str],
               width: int) -> tuple[str, str | None]:
    """A prompt that reads at `width` columns. questionary prints "? message instruction"
    while asking and "? message answer" once answered, and the terminal would wrap that
    mid-word: when it does not fit on one line, the message wraps between words and the
    instruction (then the answer) goes on its own indented line."""
    tail = max([len(instruction or ""), *(len(a) for a in answers)])
    if 2 + len(message) + 1 + tail <= width:
        return message, instruction
    indent = "\n  "
    fitted = indent.join(wrap_words(message, width - 2)) + "\n "
    if instruction:
        instruction = indent.join(wrap_words(instruction, width - 2))
    return fitted, instruction


def fit_label(label: str, width: int) -> str:
    """A choice's title on one line (the list indents it by five columns): cut with "…"
    between words when it would wrap."""
    room = width - 6
    if len(label) <= room:
        return label
    words = label[: room - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return words + "…"


def fit_description(text: str, width: int) -> str:
    """questionary shows '  Description: ' before the text: wrap under it between words."""
    lead = len("  Description: ")
    return ("\n" + " " * lead).join(wrap_words(text, width - lead))


class Prompter:
    """Real questionary prompts. `input`/`output` are for tests (pipe input, DummyOutput)."""

    def __init__(self, input=None, output=None) -> None:
        self._given = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self._made: dict | None = None

    @property
    def _io(self) -> dict:
        """Prompts go to the terminal even when stdout is redirected (`coach prep > brief.txt`),
        as git and copier do: stdout carries only the brief."""
        if self._made is None:
            self._made = dict(self._given)
            if "output" not in self._made and not _isatty(sys.stdout):
                screen = terminal_output()
                if screen is not None:
                    self._made["output"] = screen
        return self._made

    def _ask(self, question):
        try:
            return question.unsafe_ask()
        except EOFError:
            raise InputRequired("the input closed before the questions were answered") from None

    def select(self, message: str, choices: Sequence[Choice], *, default: str | None = None,
               instruction: str | None = None, instant: bool = True,
               descriptions: dict[str, str] | None = None) -> str:
        """Arrow keys + Enter, or one digit key to answer at once (first 9 choices).

        `descriptions` show under the list for the highlighted choice, so titles stay short.
        """
        import questionary

        width = terminal_width()
        described = {k: fit_description(v, width) for k, v in (descriptions or {}).items()}
        items = [questionary.Choice(title=fit_label(label, width), value=value,
                                    description=described.get(value))
                 for value, label in choices]
        message, instruction = fit_prompt(message, instruction or "(digit, or arrows + Enter)",
                                          [str(c.title) for c in items], width)
        start = next((c for c in items if c.value == default), None)
        question = questionary.select(
            message, choices=items, default=start, instruction=instruction,
            use_shortcuts=len(items) <= 9, qmark="?", **self._io)
        if instant:
            _answer_on_digits(question, choices)
        return self._ask(question)

    def text(self, message: str, *, default: str = "", instruction: str | None = None,
             validate: Callable[[str], bool | str] | None = None) -> str:
        import questionary

        message, instruction = fit_prompt(message, instruction, [], terminal_width())
        return self._ask(questionary.text(message, default=default, instruction=instruction,
                                          validate=validate, qmark="?", **self._io)).strip()

    def confirm(self, message: str, *, default: bool = True) -> bool:
        import questionary

        return self._ask(questionary.confirm(message, default=default, qmark="?", **self._io))

    def checkbox(self, message: str, choices: Sequence[Choice], *,
                 instruction: str | None = None) -> list[str]:
        import questionary

        width = terminal_width()
        # questionary's own hint ("Use arrow keys to move, <space> to select, <a> to
        # toggle...") is longer than a line at 80 columns and wraps mid-word
        instruction = instruction or "(Space ticks, Enter goes on; none is fine)"
        items = [questionary.Choice(title=fit_label(label, width), value=value)
                 for value, label in choices]
        message, instruction = fit_prompt(message, instruction, ["done (4 selections)"], width)
        return self._ask(questionary.checkbox(message, choices=items, instruction=instruction,
                                              qmark="?", **self._io))


# --------------------------------------------------------------------------- the prep interview

DONE = "__done__"
PROSPECT_FIELDS = ("name", "company", "role", "goal")


def ask_prospect(prompter, prospect, books: Playbooks) -> None:
    """Fill in whatever the flags and answers file left blank."""
    words = books.interview
    for key in PROSPECT_FIELDS:
        if not getattr(prospect, key):
            setattr(prospect, key, prompter.text(getattr(words, key), instruction=words.skip))
    if not prospect.stage:
        prospect.stage = ask_stage(prompter, books)


def ask_stage(prompter, books: Playbooks) -> str:
    stages = books.stages
    choices = [(sid, s.name) for sid, s in stages.items()]
    hints = {sid: s.hint for sid, s in stages.items()}
    return prompter.select(books.interview.stage, choices, descriptions=hints)


def ask_seen(prompter, books: Playbooks) -> list[str] | None:
    """How the rep knows the prospect, so only what they could observe is asked.
    None (ask everything) when they tick nothing."""
    from coach.playbook.kinds.questions import channels_of

    words = books.interview
    picked = prompter.checkbox(
        words.seen, [(c.id, c.label) for c in channels_of(books.of("questions").values())],
        instruction=words.seen_hint)
    return list(picked) or None


def ask_behaviour(prompter, books: Playbooks, questions: list, answers: dict) -> dict:
    """Ask the behaviour questions not yet answered; 'that's all I know' stops early."""
    words = books.interview
    answers = dict(answers)
    todo = [q for q in questions if q.id not in answers]
    # numbered across the whole bank, so going back for more continues where it left off
    done = len(questions) - len(todo)
    for number, question in enumerate(todo, start=done + 1):
        choices = [(o.value, o.label) for o in question.options]
        choices.append((DONE, words.done))
        # the help shows only while the question is open, so the transcript stays short
        reply = prompter.select(
            f"({number}/{len(questions)}) {question.text}", choices,
            instruction=question.help or words.answer_hint)
        if reply == DONE:
            break
        answers[question.id] = reply
    return answers


MORE = "__more__"
NOT_KNOWN = "__not_known__"


def ask_style(prompter, books: Playbooks, candidates: list[str], more: bool) -> str:
    """When the answers place nobody, the rep decides: the styles the answers allow first."""
    from coach.text import fill

    words, styles = books.interview, books.styles
    ordered = candidates + [sid for sid in styles if sid not in candidates]
    choices = [(sid, styles[sid].name) for sid in ordered]
    summaries = {sid: styles[sid].summary for sid in ordered}
    if more:
        choices.insert(0, (MORE, words.more))
    # never force a guess: finding out on the call is always a choice
    choices.append((NOT_KNOWN, words.not_known))
    summaries[NOT_KNOWN] = words.not_known_about
    message = [words.unplaced]
    if len(candidates) < len(styles):
        fits = " or ".join(styles[sid].name for sid in candidates)
        message.append(fill(words.could_be, {"styles": fits}))
    message.append(words.pick)
    return prompter.select(" ".join(message), choices, descriptions=summaries)


def ask_save(prompter, default_path: str) -> tuple[str, bool] | None:
    """The file to save the brief in and whether to overwrite it, or None not to save. A
    name that is taken gets a choice (another name, overwrite, don't save), never an error."""
    import os

    from coach.writefile import free_name

    if not prompter.confirm("Save this brief as Markdown?", default=False):
        return None
    path = default_path
    while True:
        path = prompter.text("File", default=path)
        if not path:
            return None
        if not os.path.lexists(os.path.expanduser(path)):
            return path, False
        choice = prompter.select(f"{path} already exists", [
            ("rename", f"Save as {free_name(path)}"), ("other", "Type another name"),
            ("overwrite", "Overwrite it"), ("skip", "Don't save")])
        if choice == "overwrite":
            return path, True
        if choice == "rename":
            return free_name(path), False
        if choice == "skip":
            return None


# --------------------------------------------------------------------------- a meeting

INTERVIEW = "__interview__"
UNSURE = "__unsure__"


def ask_attendees(prompter, books: Playbooks) -> list:
    """People one by one: name, role, and their style (the quick interview, known, or
    unknown). An empty name ends the list once there is someone on it."""
    from coach.meeting import UNKNOWN, Spec, meeting_book
    from coach.text import fill, strip_controls

    words = meeting_book(books).prompts
    people: list[Spec] = []
    while True:
        number = len(people) + 1
        name = strip_controls(prompter.text(
            fill(words.person, {"number": str(number)}),
            instruction=words.everyone_in if people else None,
            validate=lambda t: bool(t.strip()) or bool(people) or words.need_one))
        if not name:
            return people
        role = strip_controls(prompter.text(fill(words.role, {"name": name}),
                                            instruction=words.skip))
        choices = [(INTERVIEW, words.interview),
                   *((sid, fill(words.known, {"style": s.name}))
                     for sid, s in books.styles.items()),
                   (UNKNOWN, words.unknown)]
        how = prompter.select(fill(words.style, {"name": name}), choices)
        if how == INTERVIEW:
            from coach.prep import observable

            seen = ask_seen(prompter, books)
            answers = ask_behaviour(prompter, books, observable(books, seen, {}), {})
            people.append(Spec(name=name, role=role, answers=answers))
        else:
            people.append(Spec(name=name, role=role, style=how))


def ask_decider(prompter, books: Playbooks, names: list[str]) -> str | None:
    from coach.meeting import meeting_book

    words = meeting_book(books).prompts
    choices = [(str(i), name) for i, name in enumerate(names)]
    choices.append((UNSURE, words.decider_unsure))
    reply = prompter.select(words.decider, choices)
    return None if reply == UNSURE else names[int(reply)]
