"""Clauses: actors, collective references, attribution, negation and modality."""

from __future__ import annotations

from storyweave.reconcile.clauses import extract_clauses


def _clauses(story, text: str, date: str = "2024-06-03"):
    analyze, by_name = story
    docs = analyze([(date, text)])
    entities, entity_of = by_name(docs)
    return extract_clauses(docs, entity_of, entities)[docs[0][0].id]


def test_collective_reference_stands_for_the_named_pair(story):
    text = (
        "Police detained the engineers Piet Rasmussen and Olle Varga in Tornby. "
        "The two engineers have been held for 12 days."
    )
    held = next(c for c in _clauses(story, text) if c.verb == "hold")
    assert set(held.actors) >= {"e-rasmussen", "e-varga"}


def test_attribution_speech_and_according_to(story):
    text = (
        "The dam at Fossvik will open in May, the engineer Dana Holm said. "
        "The river flooded two farms, according to the county office."
    )
    cs = _clauses(story, text)
    dam = next(c for c in cs if "dam" in c.text)
    river = next(c for c in cs if "river" in c.text.lower())
    assert dam.attribution and "Holm" in dam.attribution and dam.modality == "will"
    assert river.attribution == "the county office" and "according" not in river.text
    assert any(c.kind == "speech" for c in cs)


def test_negation_and_plans(story):
    text = "The company Brask Foods did not close the plant. Brask Foods plans to sell it."
    cs = _clauses(story, text)
    assert next(c for c in cs if c.verb == "close").negated
    assert next(c for c in cs if "sell" in c.text).modality == "plan"


def test_relative_clause_takes_its_antecedent(story):
    text = "The court freed the activist Lina Moor, who was arrested in Sarby on May 2."
    arrested = next(c for c in _clauses(story, text) if c.verb == "arrest")
    assert "e-moor" in arrested.actors and arrested.text.startswith("the activist Lina Moor")


def test_a_modifier_keeps_its_own_date(story):
    text = "Olle Varga, born in 1961 in Tornby, has built four bridges across the Fossa river."
    cs = _clauses(story, text)
    built = next(c for c in cs if c.verb == "build")
    assert not built.timexes  # 1961 dates the birth, not the building
    born = next(c for c in cs if c.timexes)
    assert "born" in born.text and "e-varga" in born.actors


def test_the_two_companies_are_no_pair_of_people(story):
    text = (
        "Brask Foods and Nordhavn Mills signed a supply deal in May. "
        "Piet Rasmussen and Olle Varga led the talks in Tornby. "
        "The two companies have worked together since then."
    )
    worked = next(c for c in _clauses(story, text) if c.verb == "work")
    # the nearest pair before is two people: not what "the two companies" stands for
    assert "e-rasmussen" not in worked.actors and "e-varga" not in worked.actors
    assert {"e-foods", "e-mills"} <= set(worked.actors)


def test_titles_and_appositions_describe_the_actor(story):
    text = (
        "Quarry foreman Edda Volk sealed the east gate. "
        "Edda Volk, the quarry foreman, praised the drivers on the night shift. "
        "The site manager, Ivo Sarn, ordered new brakes for the trucks. "
        "Police questioned Tomas Vell, a local fisherman, near the harbour."
    )
    cs = {c.verb: c for c in _clauses(story, text)}
    sealed, praised, questioned, ordered = cs["seal"], cs["praise"], cs["question"], cs["order"]
    assert "foreman" in sealed.actor_lemmas and "gate" not in sealed.actor_lemmas
    assert sealed.rest.startswith("sealed the east gate")
    assert {"quarry", "foreman"} <= praised.actor_lemmas and "shift" not in praised.actor_lemmas
    assert praised.rest.startswith("praised the drivers on the night shift")
    assert {"site", "manager"} <= ordered.actor_lemmas and "brake" not in ordered.actor_lemmas
    # Whom the police questioned is part of what happened: an object keeps its apposition.
    assert not questioned.actor_lemmas and "fisherman" in questioned.rest


def test_a_name_inside_a_noun_is_no_title(story):
    # "Varga" modifies "plan": the plan is what the clause is about, not a title of Varga's.
    text = "The council approved the Varga plan for the old pier."
    approved = next(c for c in _clauses(story, text) if c.verb == "approve")
    assert not approved.actor_lemmas and "plan" in approved.rest


def test_what_was_told_to_an_addressee_is_the_content(story):
    # The parser reads "the tribunal she had not been warned ..." and "the hearing that drivers
    # had complained ..." as relative clauses on the addressee.
    text = (
        "Edda Volk told the tribunal she had not been warned of the survey results before the "
        "blast. Edda Volk told the hearing that drivers had complained about the brakes for "
        "months. Edda Volk told the story she had heard from the drivers."
    )
    cs = _clauses(story, text)
    warned = next(c for c in cs if c.verb == "warn")
    assert warned.role == "ccomp" and warned.attribution == "Edda Volk" and warned.negated
    complained = next(c for c in cs if c.verb == "complain")
    assert complained.role == "ccomp" and complained.text.startswith("drivers had complained")
    assert {c.kind for c in cs if c.verb == "tell" and "story" not in c.text} == {"speech"}
    # A story is what is told, not whom: its relative clause stays one.
    heard = next(c for c in cs if c.verb == "hear")
    assert heard.role == "relcl" and heard.attribution is None


def test_a_sentence_read_without_a_parse_has_a_name_free_text(story):
    analyze, by_name = story
    docs = analyze([("2024-06-03", "Edda Volk sealed the east gate of the Marl quarry on Monday.")])
    entities, entity_of = by_name(docs)
    [clause] = extract_clauses(docs, entity_of, entities, budget_chars=0)[docs[0][0].id]
    assert not clause.parsed and "Volk" in clause.text
    assert "Volk" not in clause.rest and "sealed the east gate" in clause.rest


def test_a_pronoun_subject_of_what_was_said_is_the_speaker(story):
    text = (
        "Dock workers said they would walk out on Friday. The company said it had paid the "
        "fine in May. The mayor said they had left the city in June."
    )
    cs = _clauses(story, text)
    walk = next(c for c in cs if c.verb == "walk")
    assert "worker" in walk.lemmas  # the speaker's words make a statement of it
    assert "worker" in walk.actor_lemmas  # and describe who, not what
    paid = next(c for c in cs if c.verb == "pay")
    assert "company" in paid.lemmas
    # "they" is not one mayor: the speaker is not who left
    left = next(c for c in cs if c.verb == "leave")
    assert "mayor" not in left.lemmas


def test_a_date_of_another_verb_or_noun_is_not_the_predicates(story):
    # "since being poisoned last summer" dates the poisoning, not the detention
    text = (
        "Police detained the activist Olle Varga at the airport after he flew home for the "
        "first time since being poisoned last summer."
    )
    detained = next(c for c in _clauses(story, text, "2021-01-18") if c.verb == "detain")
    assert not detained.own_dates


def test_an_event_noun_keeps_its_date(story):
    # "the arrest in Dorvik in mid-2023": the arrest's date, by way of the place
    text = "The long saga began with the arrest of Karl Osten in Dorvik in mid-2023."
    cs = _clauses(story, text, "2025-01-10")
    assert any(noun == "arrest" for c in cs for noun, _ in c.nominals)


def test_whom_a_number_is_about(story):
    text = "Piet Rasmussen and Olle Varga received terms of four years, while Dana Holm got ten."
    cs = _clauses(story, text)
    received = next(c for c in cs if c.verb == "receive")
    assert set(next(w for _, w in received.recipients)) == {"e-rasmussen", "e-varga"}
