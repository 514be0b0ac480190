"""Meeting request weights: 1..1000, mutual interest and promises raise them, "no" removes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchmaker.models import MeetingRequest
from matchmaker.services.events.requests import is_must, weight_of

interests = st.sampled_from([None, "must", "like", "no"])


def _req(a, b, score, promised=False):
    return MeetingRequest(interest_a=a, interest_b=b, engine_score=score, organiser_must=promised)


@given(interests, interests, st.one_of(st.none(), st.floats(-1, 2)), st.booleans())
def test_weight_is_always_in_range(a, b, score, promised):
    assert 1 <= weight_of(_req(a, b, score, promised)) <= 1000


@given(st.floats(0, 1))
def test_mutual_interest_weighs_more_than_one_side(score):
    one = weight_of(_req("like", None, score))
    mutual = weight_of(_req("like", "like", score))
    assert mutual > one + 100  # the other side's points plus the mutual bonus


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_better_engine_score_never_lowers_the_weight(s1, s2):
    lo, hi = sorted((s1, s2))
    assert weight_of(_req("like", None, lo)) <= weight_of(_req("like", None, hi))


def test_must_comes_from_either_side_or_the_organiser():
    assert is_must(_req("must", None, 0.5))
    assert is_must(_req(None, "must", 0.5))
    assert is_must(_req("no", None, 0.5, promised=True))
    assert not is_must(_req("like", "like", 0.5))
    assert weight_of(_req("must", None, 0.0)) > weight_of(_req("like", None, 0.0))
