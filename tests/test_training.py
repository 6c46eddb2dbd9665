"""coach.training and coach.quizflow: study pages from the playbooks, quiz selection and grading."""

from __future__ import annotations

import pytest
from helpers import ScriptedPrompter, page_text

from coach import quizflow, training
from coach.errors import CoachError, InputRequired, UsageError
from coach.interview import Prompter


@pytest.fixture(scope="module")
def all_text(books):
    """Every string shown on any learn page, and the index."""
    pages = [training.index_page(books)] + [training.page(books, t.id)
                                            for t in training.topics(books)]
    return {s for p in pages for s in page_text(p)}


def _shown(text: str, all_text: set[str]) -> bool:
    return any(text in shown for shown in all_text)


# --------------------------------------------------------------------------- learn pages


def test_the_issue_topics_are_listed_in_teaching_order(books):
    ids = [t.id for t in training.topics(books)]
    assert ids == ["segmentation", "types", "motivations", "tailoring", "engagement",
                   "stages", "case-studies", "meetings"]
    index = page_text(training.index_page(books))
    for t in training.topics(books):
        assert any(t.title in line and f"coach learn {t.id}" in line for line in index)


def test_every_point_of_the_training_module_is_on_some_learn_page(books, all_text):
    module = books.module
    for section in module.sections:
        assert _shown(section.title, all_text), section.id
        assert _shown(section.objective, all_text), section.id
        if section.summary:
            assert _shown(section.summary, all_text), section.id
        for topic in section.topics:
            for text in (topic.title, topic.objective, *topic.key_points, *topic.actions):
                assert _shown(text, all_text), f"{section.id}: {text!r} is on no page"
    for text in (module.objective, module.summary, *module.customer_types):
        assert _shown(text, all_text), text


def test_each_module_section_lands_on_its_topic_page(books):
    expected = {"motivations": "motivations", "concerns-and-communication": "motivations",
                "tailoring": "tailoring", "engagement": "engagement",
                "case-studies": "case-studies", "lessons-learned": "case-studies"}
    for section in books.module.sections:
        shown = page_text(training.page(books, expected[section.id]))
        assert section.title in shown, section.id


def test_segmentation_page_has_importance_and_every_criterion(books):
    text = page_text(training.page(books, "segmentation"))
    seg = books.segmentation
    assert seg.summary in text
    for part in (*seg.importance, *seg.criteria):
        for line in (part.objective, *part.key_points, *part.actions):
            assert line in text
    for criterion in seg.criteria:
        assert criterion.name in text and set(criterion.covers) <= set(text)


def test_style_playbooks_are_reachable(books, all_text):
    for style in books.styles.values():
        com = style.communication
        texts = [style.summary, style.identify.objective, *style.identify.key_points,
                 *style.identify.actions, *style.characteristics, *style.preferences,
                 *map(str, style.motivations), *style.decision_making, com.objective,
                 *map(str, com.how_to_talk), *com.use, *map(str, com.avoid), *com.actions,
                 *style.confirm_cues,
                 *style.stress.signs, *style.stress.respond, *map(str, style.top_actions),
                 *map(str, style.checklist)]
        for pair in style.stages.values():
            texts += [pair.why, *map(str, pair.top_actions), *pair.use, *pair.avoid,
                      *pair.checklist]
            texts += [c.concern for c in pair.concerns] + [c.address for c in pair.concerns]
            texts += [o.objection for o in pair.objections]
            texts += [o.response for o in pair.objections]
        for part in (style.strategy, style.engagement, style.relationship):
            texts += [part.objective, *part.key_points, *map(str, part.actions)]
        texts += [c.concern for c in style.concerns] + [c.address for c in style.concerns]
        texts += [o.objection for o in style.objections] + [o.response for o in style.objections]
        for text in texts:
            assert _shown(text, all_text), f"{style.id}: {text!r} is on no page"


def test_stages_and_flex_are_reachable(books, all_text):
    for stage in books.stages.values():
        for text in (stage.name, stage.hint, stage.meaning, *stage.signals, *stage.goals,
                     *stage.actions, *stage.risks, *map(str, stage.top_actions), stage.why):
            assert _shown(text, all_text), f"{stage.id}: {text!r}"
    flex = books.flex
    for name, _ in training.FLEX_LABELS:
        for text in map(str, getattr(flex, name)):
            assert _shown(text, all_text), text


def test_a_topic_is_found_by_number_or_id_and_unknown_ones_list_the_topics(books):
    assert training.find_topic(books, "2").id == "types"
    assert training.find_topic(books, "Stages").id == "stages"
    with pytest.raises(UsageError) as err:
        training.find_topic(books, "pricing")
    message = str(err.value)
    assert "\n" not in message and "pricing" in message
    assert all(t.id in message for t in training.topics(books))


def test_a_module_section_a_trainer_adds_gets_its_own_page(books):
    import msgspec

    from coach.playbook.kinds.module import Section, Topic

    extra = Section(id="pricing-talk", title="Talking about price", objective="Say the price.",
                    topics=[Topic(title="Anchor", objective="o", key_points=["Anchor high."],
                                  actions=["Practise it."])])
    module = msgspec.structs.replace(books.module, sections=[*books.module.sections, extra])

    class Books:
        def __getattr__(self, name):
            return module if name == "module" else getattr(books, name)

    assert training.topics(Books())[-1].id == "pricing-talk"
    assert "Anchor high." in page_text(training.page(Books(), "pricing-talk"))


def test_pages_count_their_quiz_items(books):
    page = training.page(books, "types")
    assert page.quiz_items == sum(1 for i in books.quiz_items if i.topic == "types") >= 20


# --------------------------------------------------------------------------- select and grade


def test_without_a_seed_items_and_options_keep_file_order(books):
    asked = training.select(books.quiz_items, count=4)
    assert [a.id for a in asked] == [i.id for i in books.quiz_items[:4]]
    first = books.quiz_items[0]
    assert asked[0].options == tuple((o.value, o.label) for o in first.options)


def test_a_seed_gives_the_same_shuffle_every_time_and_shuffles_options_too(books):
    one = training.select(books.quiz_items, count=10, seed=42)
    two = training.select(books.quiz_items, count=10, seed=42)
    other = training.select(books.quiz_items, count=10, seed=43)
    assert one == two
    assert [a.id for a in one] != [a.id for a in other]
    assert [a.id for a in one] != [i.id for i in books.quiz_items[:10]]
    originals = {i.id: [o.value for o in i.options] for i in books.quiz_items}
    moved = [a for a in one if [v for v, _ in a.options] != originals[a.id]]
    assert moved, "no item had its options shuffled"
    for a in one:
        assert sorted(v for v, _ in a.options) == sorted(originals[a.id])


def test_topic_and_count_filter_and_bad_values_are_usage_errors(books):
    asked = training.select(books.quiz_items, topic="stages", count=2, seed=1)
    assert len(asked) == 2 and {a.topic for a in asked} == {"stages"}
    assert len(training.select(books.quiz_items, count=10_000)) == len(books.quiz_items)
    with pytest.raises(UsageError, match="types"):
        training.select(books.quiz_items, topic="nope")
    with pytest.raises(UsageError):
        training.select(books.quiz_items, count=0)


def test_public_items_carry_no_answer(books):
    for a in training.select(books.quiz_items):
        data = a.public()
        assert set(data) == {"id", "topic", "question", "options"}
        assert all(set(o) == {"value", "label"} for o in data["options"])


def test_grading_scores_against_the_pass_mark_and_lists_topics_to_revisit(books):
    asked = training.select(books.quiz_items)[:5]
    right = {a.id: a.answer for a in asked}
    result = training.grade(asked, right, pass_mark=0.8)
    assert (result.score, result.total, result.passed, result.revisit) == (5, 5, True, [])

    wrong_one = dict(right)
    miss = asked[0]
    wrong_one[miss.id] = next(v for v, _ in miss.options if v != miss.answer)
    result = training.grade(asked, wrong_one, pass_mark=0.8)
    assert (result.score, result.passed) == (4, True)  # exactly on the mark passes
    assert result.revisit == [miss.topic]
    assert result.results[0].correct is False and result.results[0].explanation

    result = training.grade(asked, {**wrong_one, asked[1].id: None}, pass_mark=0.8)
    assert (result.score, result.passed) == (3, False)
    data = training.result_json(result)
    assert {"score", "total", "passed", "results"} <= set(data)
    assert data["results"][1]["chosen"] is None and data["results"][1]["correct"] is False


def test_answers_files_name_unknown_items_and_values(books):
    item = books.quiz_items[0]
    with pytest.raises(CoachError, match="unknown quiz item 'zzz'"):
        training.answered_items(books.quiz_items, {"zzz": "a"}, "f.json")
    with pytest.raises(CoachError, match=f"{item.id}: 'zzz' is not one of its options"):
        training.answered_items(books.quiz_items, {item.id: "zzz"}, "f.json")
    with pytest.raises(CoachError, match="no answers"):
        training.answered_items(books.quiz_items, {}, "f.json")


# --------------------------------------------------------------------------- the quiz flow


def test_flow_with_scripted_answers_gives_feedback_after_each(books):
    asked = training.select(books.quiz_items, count=3, seed=9)
    shown = []
    replies = [asked[0].answer, asked[1].answer,
               next(v for v, _ in asked[2].options if v != asked[2].answer)]
    result = quizflow.run(asked, ScriptedPrompter(replies), pass_mark=0.8,
                          show=lambda r, n, total: shown.append((n, total, r.correct)))
    assert shown == [(1, 3, True), (2, 3, True), (3, 3, False)]
    assert (result.score, result.total, result.passed) == (2, 3, False)
    assert result.revisit == [asked[2].topic]


def _keys_for(asked, right: bool) -> str:
    """The digit that picks the right (or a wrong) option of each item, as shown."""
    keys = ""
    for a in asked:
        values = [v for v, _ in a.options]
        index = values.index(a.answer) if right else next(
            i for i, v in enumerate(values) if v != a.answer)
        keys += str(index + 1)
    return keys


def _run_keys(asked, keys: str, show=None, close: bool = False):
    """Drive the real prompts: keys go in through prompt_toolkit's pipe input."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as inp:
        inp.send_text(keys)
        if close:
            inp.close()
        return quizflow.run(asked, Prompter(input=inp, output=DummyOutput()), pass_mark=0.8,
                            show=show)


def test_real_prompts_answered_with_digit_keys(books):
    asked = training.select(books.quiz_items, count=4, seed=11)
    result = _run_keys(asked, _keys_for(asked, right=True))
    assert (result.score, result.total, result.passed) == (4, 4, True)


def test_real_prompts_with_arrow_keys_and_enter(books):
    asked = training.select(books.quiz_items, count=1, seed=11)
    values = [v for v, _ in asked[0].options]
    result = _run_keys(asked, "\x1b[B" * values.index(asked[0].answer) + "\r")
    assert result.score == 1


def test_ctrl_c_stops_the_quiz_without_a_result(books):
    asked = training.select(books.quiz_items, count=3, seed=2)
    shown = []
    with pytest.raises(KeyboardInterrupt):
        _run_keys(asked, _keys_for(asked[:1], right=True) + "\x03",
                  show=lambda r, n, t: shown.append(n))
    assert shown == [1]


def test_closed_input_is_a_clear_error(books):
    asked = training.select(books.quiz_items, count=2, seed=2)
    with pytest.raises(InputRequired):
        _run_keys(asked, _keys_for(asked[:1], right=True), close=True)


def test_long_options_are_cut_for_the_prompt_and_whole_in_the_feedback(books):
    item = next(i for i in books.quiz_items if i.id == "analytical-data-gap")
    asked = training.select([item])
    seen = {}

    class Recording(ScriptedPrompter):
        def select(self, message, choices, descriptions=None, **kw):
            seen["choices"], seen["full"] = list(choices), descriptions or {}
            return super().select(message, choices, **kw)

    shown = []
    result = quizflow.run(asked, Recording([item.answer]), pass_mark=0.8, width=30,
                          show=lambda r, n, t: shown.append(r))
    assert all(len(label) <= 30 and "\n" not in label for _, label in seen["choices"])
    assert all(label.endswith("\u2026") for _, label in seen["choices"])
    answer = next(o.label for o in item.options if o.value == item.answer)
    assert " ".join(seen["full"][item.answer].split()) == answer
    assert result.score == 1 and shown[0].answer_label == answer


def test_the_tailoring_page_teaches_how_flex_changes_at_a_stage(books):
    """The brief flexes differently at an at-risk call (the fix before any proposal); the
    page a new rep studies says so too, from the same flex.yaml."""
    text = page_text(training.page(books, "tailoring"))
    at_risk = books.flex.stages["at-risk"]
    assert f"{books.stages['at-risk'].name}: what changes" in text
    for name in ("to_ask", "to_tell"):
        for line in getattr(at_risk, name):
            assert str(line) in text


def test_the_types_page_teaches_what_to_do_when_nothing_places_them(books):
    """The discovery brief's method (a neutral opening, questions that reveal the style,
    what to switch to) is part of identifying the types, so a new rep learns it too."""
    text = page_text(training.page(books, "types"))
    d = books.discovery
    assert f"{d.title}: when you cannot place them" in text
    assert any(d.first_questions[0].ask in t for t in text)
    assert any(d.signals[0].switch_to in t for t in text)
