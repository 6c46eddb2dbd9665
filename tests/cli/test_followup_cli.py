"""`coach followup` as a rep uses it: from flags, from the journal, as text, Markdown and .eml."""

from __future__ import annotations

import email
import email.policy
import json


def test_driver_draft_from_flags_is_short_and_the_analyticals_longer(run):
    args = ("--stage", "potential", "--name", "Dana", "--next-step", "pilot start",
            "--date", "2026-12-10")
    r = run("followup", "--style", "driver", *args)
    assert r.code == 0, r.err
    assert r.out.startswith("Subject: Next step: pilot start, Thursday 10 December 2026\n\n")
    assert "Dana," in r.out
    driver_words = len(r.out.split("\n", 1)[1].split())
    assert driver_words < 120
    r = run("followup", "--style", "analytical", *args)
    assert r.code == 0, r.err
    assert len(r.out.split("\n", 1)[1].split()) > 2 * driver_words
    assert "The figures:\n- Total cost over three years: [amount]" in r.out
    assert "Attached:\n- Detailed proposal with pricing" in r.out


def test_eml_parses_back_with_the_email_package(run, tmp_path):
    target = tmp_path / "dana.eml"
    r = run("followup", "--style", "amiable", "--stage", "new", "--name", "Dana Müller",
            "--support", "Priya", "--to", "dana@example.com", "-o", str(target))
    assert r.code == 0, r.err
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "How are the first days going?"
    assert message["To"] == "dana@example.com"
    assert message["X-Unsent"] == "1"
    body = message.get_content()
    assert body.startswith("Hi Dana Müller,\n\n") and "Priya is there for you" in body
    # no clobber: the second run refuses and leaves the file as it was
    before = target.read_bytes()
    r = run("followup", "--style", "driver", "--stage", "new", "-o", str(target))
    assert r.code == 1 and "already exists" in r.err
    assert target.read_bytes() == before


def test_a_name_cannot_add_a_mail_header_or_a_markdown_link(run):
    r = run("followup", "--style", "driver", "--stage", "at-risk", "--name",
            "Dana\nBcc: all@example.com", "--problem", "[the invoice](http://x) *twice*",
            "--format", "eml")
    assert r.code == 0, r.err
    message = email.message_from_string(r.out, policy=email.policy.default)
    assert message["Bcc"] is None
    assert message.get_content().startswith("Dana Bcc: all@example.com,\n")
    r = run("followup", "--style", "driver", "--stage", "at-risk", "--problem",
            "[the invoice](http://x) *twice*", "--format", "markdown")
    assert r.code == 0, r.err
    assert r"We got \[the invoice\](http://x) \*twice\* wrong." in r.out
    assert "](http" not in r.out.replace(r"\](", "")


def test_from_the_latest_debrief_and_from_a_chosen_call(run):
    r = run("followup")
    assert r.code == 1 and "no debriefed call in the journal yet" in r.err
    for name, style, held, stage in (("Ann", "driver", "--read-missed", "new"),
                                     ("Bo", "expressive", "--read-held", "loyal")):
        extra = ["--actual-style", "analytical"] if held == "--read-missed" else []
        r = run("debrief", "--no-input", "--name", name, "--style", style, "--stage", stage,
                "--outcome", "advanced", held, *extra, "--next-step", "a demo",
                "--next-date", "2026-03-02")
        assert r.code == 0, r.err
    r = run("followup", "--format", "json")
    assert r.code == 0, r.err
    latest = json.loads(r.out)
    assert (latest["to"], latest["style"], latest["stage"]) == ("Bo", "expressive", "loyal")
    assert "a demo on Monday 2 March 2026" in " ".join(latest["body"])
    r = run("followup", "--call", str(latest["call_id"] - 1), "--format", "json")
    first = json.loads(r.out)
    # the read missed: the email is for the style Ann turned out to be
    assert (first["to"], first["style"]) == ("Ann", "analytical")
    r = run("followup", "--call", "99")
    assert r.code == 1 and "--call 99: no call with that id" in r.err


def test_bad_flags_are_one_line_errors(run):
    r = run("followup", "--style", "drivr", "--stage", "new")
    assert r.code == 2 and "--style: unknown style 'drivr'; choose from: " in r.err
    r = run("followup", "--style", "driver")
    assert r.code == 2 and "--stage: needed" in r.err
    r = run("followup", "--style", "driver", "--stage", "new", "--date", "10/12/2026")
    assert r.code == 2 and "--date: '10/12/2026' is not a date" in r.err
    r = run("followup", "--style", "driver", "--stage", "new", "--to", "x\nBcc: y@z")
    assert r.code == 2 and "--to:" in r.err
    r = run("followup", "--style", "driver", "--stage", "new", "-o", "draft.docx")
    assert r.code == 2 and "--output: say --format" in r.err
