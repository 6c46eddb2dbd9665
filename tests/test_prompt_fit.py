"""At 80 columns the interview's lines wrap between words (or are cut with …), never in the
middle of one: the prompt while asking, the transcript once answered, hints and the picker's
descriptions."""

from __future__ import annotations

import pytest

from coach.interview import fit_description, fit_label, fit_prompt

WIDTH = 80


def _screen(message: str, tail: str) -> list[str]:
    """What questionary prints: '? ' + message + ' ' + instruction (or the answer)."""
    return f"? {message} {tail}".split("\n")


def _words_intact(lines: list[str], *texts: str) -> None:
    words = set(" ".join(texts).split())
    for line in lines:
        assert len(line) <= WIDTH, line
        for word in line.split():
            assert word in words or word == "?" or word.endswith("…"), (word, line)


def test_every_question_fits_while_asked_and_once_answered(books):
    total = len(books.questions)
    for number, q in enumerate(books.questions, start=1):
        text = f"({number}/{total}) {q.text}"
        hint = q.help or "(digit, or arrows + Enter)"
        labels = [fit_label(o.label, WIDTH) for o in q.options]
        message, instruction = fit_prompt(text, hint, labels, WIDTH)
        _words_intact(_screen(message, instruction or ""), text, hint)
        for label in labels:
            _words_intact(_screen(message, label), text, label)


def test_a_long_prompt_wraps_between_words_and_the_answer_gets_its_own_line():
    text = "(12/24) " + "What do they want to see before deciding on anything at all? " * 2
    hint = "Listen for: 'give me the bottom line' versus 'send me the full model'."
    message, instruction = fit_prompt(text.strip(), hint, ["The full figures, to study"], WIDTH)
    lines = _screen(message, "The full figures, to study")
    assert len(lines) > 2 and lines[-1] == "  The full figures, to study"
    _words_intact(lines, text, "The full figures, to study")
    _words_intact(_screen(message, instruction or ""), text, hint)


@pytest.mark.parametrize("label", ["Short", "A choice label far too long to sit on one line "
                                   "of the list at eighty columns without wrapping somewhere"])
def test_choice_labels_are_cut_between_words(label):
    fitted = fit_label(label, WIDTH)
    assert len(fitted) + 6 <= WIDTH
    assert fitted == label or (fitted.endswith("…") and label.startswith(fitted[:-1]))


def test_picker_descriptions_wrap_under_their_label(books):
    for style in books.styles.values():
        long = f"{style.summary} {style.summary}"
        lines = ("  Description: " + fit_description(long, WIDTH)).split("\n")
        assert len(lines) > 1
        _words_intact(lines, "Description:", long)
