"""Who may certify: role, assignment, release limits, four-eyes, own matter and deputies — one test per rule."""

from decimal import Decimal

from invoicing.approvals import Certified, Ok, Rerouted, check_certification, release_limit, route, who_may_act
from invoicing.approvals.authority import Actor
from tests.unit.approvals.helpers import CENTRAL, at, facts, policy
from tests.unit.approvals.helpers import POLICY as TEXT

POLICY = policy()
BAU_ROUTE = route(facts(), POLICY)
SACHLICH, RECHNERISCH, ANORDNUNG = BAU_ROUTE.steps
IN_JULY, IN_JUNE = at("2026-07-05"), at("2026-06-20")


def certified(by, step, kind=None, on="2026-03-03"):
    return Certified(by=by, at=at(on), step=step.index, kind=kind or step.kind)


def test_a_member_of_the_assigned_group_may_certify():
    assert check_certification("anna", SACHLICH, (), facts(), POLICY, IN_JUNE) == Ok()


def test_someone_without_a_fitting_role_is_refused():
    refusal = check_certification("ines", SACHLICH, (), facts(), POLICY, IN_JUNE)
    assert refusal.code == "role"
    assert refusal.message.de == ("Frau Ines Ihle darf „sachlich richtig“ nicht bescheinigen: dafür ist die Rolle "
                                  "„Sachbearbeitung“ oder „Budgetverantwortung“ nötig.")
    assert refusal.message.en.startswith("Ms Ines Ihle may not certify 'factually correct'")


def test_a_supplier_never_certifies():
    assert check_certification("lara", SACHLICH, (), facts(), POLICY, IN_JUNE).code == "role"


def test_someone_the_step_is_not_assigned_to_is_refused():
    refusal = check_certification("sven", SACHLICH, (), facts(), POLICY, IN_JUNE)
    assert refusal.code == "not_assigned"
    assert "der Schritt ist Gruppe „Sachbearbeitung Bau“ zugewiesen" in refusal.message.de


def test_an_unknown_login_is_refused():
    assert check_certification("mallory", SACHLICH, (), facts(), POLICY, IN_JUNE).code == "unknown_person"


def test_the_clearing_step_is_not_certified_but_assigned():
    clearing = route(facts(buyer_reference=CENTRAL), POLICY).steps[0]
    assert check_certification("erik", clearing, (), facts(), POLICY, IN_JUNE).code == "not_a_certification"


def test_nobody_signs_above_their_release_limit():
    # given Carla's Anordnung limit of 10,000 EUR and an invoice over 12,000 EUR below the 20,000 rule
    large = facts(amount=Decimal("12000.00"))
    history = (certified("anna", SACHLICH), certified("bernd", RECHNERISCH))
    # when
    refusal = check_certification("carla", ANORDNUNG, history, large, POLICY, IN_JUNE)
    # then
    assert refusal.code == "limit"
    assert refusal.message.de == ("Frau Carla Conrad darf die Anordnung nicht erteilen: der Rechnungsbetrag von "
                                  "12.000,00 EUR übersteigt die Freigabegrenze von 10.000,00 EUR.")
    assert refusal.message.en.endswith("exceeds the release limit of EUR 10,000.00.")


def test_a_signature_exactly_at_the_limit_is_allowed():
    history = (certified("anna", SACHLICH), certified("bernd", RECHNERISCH))
    assert check_certification("carla", ANORDNUNG, history, facts(amount=Decimal("10000.00")), POLICY, IN_JUNE)


def test_without_any_limit_for_the_step_nobody_signs_it():
    no_limit = policy(TEXT.replace('person = "carla"\nsteps = ["anordnung"]\nmax_eur = "10000.00"',
                                   'person = "carla"\nsteps = ["sachlich"]\nmax_eur = "10000.00"'))
    refusal = check_certification("carla", ANORDNUNG, (), facts(), no_limit, IN_JUNE)
    assert refusal.code == "no_limit" and "keine Freigabegrenze" in refusal.message.de


def test_a_persons_own_limit_overrides_the_limits_of_their_groups():
    # given Anna's group may certify up to 50,000 EUR, but Anna herself only up to 1,000 EUR
    text = TEXT + '\n[[limits]]\nperson = "anna"\nsteps = ["sachlich"]\nmax_eur = 1000\n'
    # when / then
    assert release_limit(policy(text).person("anna"), "sachlich", policy(text)) == Decimal("1000")
    assert check_certification("anna", SACHLICH, (), facts(), policy(text), IN_JUNE).code == "limit"


def test_a_combined_step_needs_the_limit_for_both_kinds():
    text = TEXT + '\n[[limits]]\nperson = "sven"\nsteps = ["rechnerisch"]\nmax_eur = 800\n'
    combined = route(facts(buyer_reference=None, cost_centres=("4012",)), policy(text)).steps[0]
    assert combined.kind == "sachlich_rechnerisch"
    assert check_certification("sven", combined, (), facts(), policy(text), IN_JUNE).code == "limit"


def test_sachlich_and_rechnerisch_may_be_signed_by_one_person_where_the_policy_allows():
    assert check_certification("anna", RECHNERISCH, (certified("anna", SACHLICH),), facts(), POLICY, IN_JUNE)


def test_nobody_signs_two_steps_the_policy_does_not_allow_to_combine():
    # given a policy where sachlich and rechnerisch need two people
    separate = '{ step = "sachlich", person = "sven" },\n  { step = "rechnerisch", group = "bau-sb" }'
    strict = policy(TEXT.replace('same_person_may_sign = [["sachlich", "rechnerisch"]]', "same_person_may_sign = []")
                        .replace('{ step = "sachlich_rechnerisch", person = "sven" }', separate))
    # when
    refusal = check_certification("anna", RECHNERISCH, (certified("anna", SACHLICH),), facts(), strict, IN_JUNE)
    # then
    assert refusal.code == "four_eyes"
    assert refusal.message.de == ("Frau Anna Adler darf „rechnerisch richtig“ nicht bescheinigen: sie hat bereits "
                                  "„sachlich richtig“ bescheinigt (Vier-Augen-Prinzip).")


def test_the_anordnung_is_never_given_by_someone_who_certified_sachlich_or_rechnerisch():
    # given Dirk certified sachlich richtig, and is Carla's deputy in July
    history = (certified("dirk", SACHLICH), certified("anna", RECHNERISCH))
    # when
    refusal = check_certification("dirk", ANORDNUNG, history, facts(), POLICY, IN_JULY)
    # then
    assert refusal.code == "four_eyes"
    assert refusal.message.de == ("Herr Dirk Dorn darf die Anordnung nicht erteilen: er hat bereits "
                                  "„sachlich richtig“ bescheinigt (Vier-Augen-Prinzip).")
    assert refusal.message.en == ("Mr Dirk Dorn may not give the payment order: he has already certified 'factually "
                                  "correct' (four-eyes principle).")


def test_four_eyes_counts_certifications_made_before_the_invoice_was_rerouted():
    history = (certified("dirk", SACHLICH), Rerouted(by="erik", at=at("2026-07-02"), route=BAU_ROUTE, reason="falsch"))
    assert check_certification("dirk", ANORDNUNG, history, facts(), POLICY, IN_JULY).code == "four_eyes"


def test_nobody_certifies_a_matter_concerning_themselves():
    # given Bernd's brother-in-law runs the supplier DE111111111
    own = facts(seller_vat_id="DE111111111", seller_name="Busch & Partner GmbH")
    # when
    refusal = check_certification("bernd", SACHLICH, (), own, POLICY, IN_JUNE)
    # then
    assert refusal.code == "own_matter"
    assert refusal.message.de == ("Herr Bernd Busch darf „sachlich richtig“ nicht bescheinigen: die Rechnung von "
                                  "„Busch & Partner GmbH“ betrifft ihn selbst (Schwager ist Geschäftsführer); "
                                  "niemand bescheinigt in eigener Sache.")
    assert check_certification("anna", SACHLICH, (), own, POLICY, IN_JUNE)


def test_a_deputy_acts_within_the_period_and_is_recorded_as_deputy():
    result = check_certification("dirk", ANORDNUNG, (), facts(), POLICY, IN_JULY)
    assert result == Ok(on_behalf_of="carla")


def test_the_deputy_period_includes_its_first_and_last_day_in_city_time():
    # 30 June 23:30 UTC is already 1 July in Eichenbrück; 14 July 21:59 UTC is still 14 July
    assert check_certification("dirk", ANORDNUNG, (), facts(), POLICY, at("2026-06-30", 23).replace(minute=30))
    assert check_certification("dirk", ANORDNUNG, (), facts(), POLICY, at("2026-07-14", 21).replace(minute=59))


def test_a_deputy_outside_the_period_is_refused_and_told_the_period():
    refusal = check_certification("dirk", ANORDNUNG, (), facts(), POLICY, at("2026-07-15", 9))
    assert refusal.code == "deputy_out_of_period"
    assert refusal.message.de == ("Herr Dirk Dorn darf die Anordnung nicht erteilen: er vertritt Frau Carla Conrad nur "
                                  "vom 01.07.2026 bis 14.07.2026, nicht am 15.07.2026.")


def test_a_deputy_signs_within_the_represented_persons_limit():
    # Dirk's own limit is 5,000 EUR, Carla's 10,000 EUR
    assert check_certification("dirk", ANORDNUNG, (), facts(amount=Decimal("8000")), POLICY, IN_JULY)


def test_a_deputy_may_be_bound_by_the_lower_limit_where_the_policy_says_so():
    lower = policy(TEXT.replace('same_person_may_sign = [["sachlich", "rechnerisch"]]',
                                'same_person_may_sign = [["sachlich", "rechnerisch"]]\ndeputy_limit = "lower"'))
    assert check_certification("dirk", ANORDNUNG, (), facts(amount=Decimal("8000")), lower, IN_JULY).code == "limit"


def test_the_inbox_of_a_group_step_lists_its_members_with_a_fitting_role():
    assert who_may_act(SACHLICH, POLICY, IN_JUNE) == (Actor(login="anna"), Actor(login="bernd"))


def test_the_inbox_lists_deputies_only_within_their_period():
    assert who_may_act(ANORDNUNG, POLICY, IN_JULY) == (Actor(login="carla"), Actor(login="dirk", on_behalf_of="carla"))
    assert who_may_act(ANORDNUNG, POLICY, IN_JUNE) == (Actor(login="carla"),)
