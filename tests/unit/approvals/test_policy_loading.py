"""Loading the approval policy: the sample loads, and every kind of mistake is refused with a clear reason."""

import pytest

from invoicing.approvals import PolicyError, load_policy, sample_policy
from invoicing.generator import city
from tests.unit.approvals.helpers import BAU, POLICY, policy


def refused(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        policy(text)
    return str(caught.value)


def test_the_sample_policy_loads_with_the_generator_citys_units():
    # when
    sample = sample_policy()
    # then
    assert len(sample.units) >= 5
    leitweg_ids = {unit.leitweg_id for unit in sample.units}
    assert {unit.leitweg_id for unit in city.UNITS.values()} <= leitweg_ids


def test_a_policy_file_is_read_from_disk(tmp_path):
    # given
    path = tmp_path / "policy.toml"
    path.write_text(POLICY, encoding="utf-8")
    # when
    loaded = load_policy(path)
    # then
    assert loaded.name == "Testgemeinde"
    assert loaded.unit("bau").leitweg_id == BAU


def test_wrong_leitweg_check_digits_are_refused_naming_unit_id_and_expected_digits():
    # given a Bauamt Leitweg-ID ending in 15 instead of 14
    text = POLICY.replace(f'leitweg_id = "{BAU}"\ncost', 'leitweg_id = "08111000-60-15"\ncost')
    # when
    message = refused(text)
    # then
    assert "Unit 'bau' (Bauamt)" in message
    assert "'08111000-60-15'" in message
    assert "expected 14, found 15" in message


def test_a_malformed_leitweg_id_is_refused_naming_the_unit():
    message = refused(POLICY.replace(f'leitweg_id = "{BAU}"\ncost', 'leitweg_id = "Bauamt"\ncost'))
    assert "Unit 'bau' (Bauamt)" in message and "is not a Leitweg-ID" in message


def test_a_literal_leitweg_id_in_a_rule_is_checked_too():
    message = refused(POLICY.replace(f'match = {{ leitweg_id = "{BAU}", amount_from', 'match = { leitweg_id = '
                                     '"08111000-60-99", amount_from'))
    assert "Rule 'bau-gross'" in message and "expected 14, found 99" in message


def test_an_unknown_person_in_a_rule_is_refused():
    message = refused(POLICY.replace('{ step = "anordnung", person = "kaemmerer" }',
                                     '{ step = "anordnung", person = "nobody" }'))
    assert "Rule 'bau-gross', step 'anordnung': unknown person 'nobody'." in message


def test_overlapping_deputy_periods_are_fine():
    # given a second deputy for Carla whose period overlaps Dirk's
    text = POLICY + '\n[[deputies]]\nperson = "carla"\ndeputy = "kaemmerer"\nfrom = 2026-07-10\nuntil = 2026-07-20\n'
    # when
    loaded = policy(text)
    # then
    assert len(loaded.deputies) == 2


def test_a_deputy_period_that_ends_before_it_starts_is_refused():
    message = refused(POLICY.replace("until = 2026-07-14", "until = 2026-06-14"))
    assert "Deputy 1: the period ends (2026-06-14) before it starts (2026-07-01)." in message


def test_a_misspelt_key_is_refused_naming_it():
    anna = 'salutation = "Frau"\nroles = ["clerk"]'
    message = refused(POLICY.replace(anna, anna.replace("salutation", "salutaton"), 1))
    assert "people #1 ('anna').salutaton: unknown key (misspelt?)." in message


def test_an_unknown_role_is_refused():
    message = refused(POLICY.replace('roles = ["auditor"]', 'roles = ["boss"]'))
    assert "people #8 ('ines').roles #1: Input should be" in message


def test_a_chain_without_anordnung_is_refused():
    bau_chain_end = '  { step = "anordnung", person = "carla" },\n]\n\n[[units]]\nkey = "schule"'
    message = refused(POLICY.replace(bau_chain_end, ']\n\n[[units]]\nkey = "schule"'))
    assert "Unit 'bau': a chain must certify 'sachlich', 'rechnerisch'" in message


def test_allowing_one_person_to_sign_a_step_and_the_anordnung_is_refused():
    pairs = '["sachlich", "rechnerisch"]]'
    message = refused(POLICY.replace(pairs, pairs[:-1] + ', ["rechnerisch", "anordnung"]]'))
    assert "rechnerisch and anordnung may never be signed by one person" in message


def test_a_combined_step_is_refused_where_the_signing_rules_forbid_combining():
    message = refused(POLICY.replace('[["sachlich", "rechnerisch"]]', "[]"))
    assert "Unit 'schule': 'sachlich_rechnerisch' is used" in message


def test_an_assignee_without_the_role_the_step_needs_is_refused():
    message = refused(POLICY.replace('step = "anordnung", person = "carla"', 'step = "anordnung", person = "anna"', 1))
    assert "Unit 'bau', step 'anordnung': person anna has none of the roles ['budget_holder']" in message


def test_a_limit_needs_either_an_amount_or_unlimited():
    message = refused(POLICY.replace("unlimited = true", "unlimited = true\nmax_eur = 5"))
    assert "give either 'max_eur' or 'unlimited = true'" in message


def test_every_problem_is_reported_at_once():
    text = POLICY.replace('person = "kaemmerer" }\n\n[signing]', 'person = "ghost" }\n\n[signing]') \
                 .replace('deputy = "dirk"', 'deputy = "phantom"')
    message = refused(text)
    assert "2 problems" in message
    assert "escalation target: unknown person 'ghost'." in message and "Deputy 1: unknown person 'phantom'." in message


def test_a_file_that_is_not_toml_is_refused():
    assert "is not valid TOML" in refused("[policy\nname = ")
