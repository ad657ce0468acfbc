"""A WebSocket's batched metrics add up to exactly what recording each message would have."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from prometheus_client import REGISTRY, CollectorRegistry, Histogram

from goldbox.ops import metrics
from goldbox.ops.metrics import MessageTally

LABELS = ("test.method", "ws", "ok")


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def rpc_histogram(method: str, outcome: str) -> dict[str, float]:
    """The count, the sum and every bucket of one method's WebSocket calls, read from that one
    histogram (the whole registry grows with every test a process has run, and reading a sample
    from it scans all of it)."""
    labels = {"method": method, "transport": "ws", "outcome": outcome}
    found = dict.fromkeys(["count", "sum", *(str(b) for b in metrics._LATENCY_BUCKETS), "+Inf"], 0.0)
    for family in metrics.RPC_CALLS.collect():
        for sample in family.samples:
            if any(sample.labels.get(key) != wanted for key, wanted in labels.items()):
                continue
            if sample.name.endswith("_bucket"):
                found[sample.labels["le"]] = sample.value
            elif sample.name.endswith(("_count", "_sum")):
                found[sample.name.rsplit("_", 1)[1]] = sample.value
    return found


def ws_messages(direction: str) -> float:
    return value("goldbox_websocket_messages_total", direction=direction)


durations = st.lists(
    st.floats(min_value=0.0, max_value=30.0, allow_nan=False) | st.sampled_from(metrics._LATENCY_BUCKETS),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(durations)
def test_a_flushed_tally_matches_observing_each_call(seconds: list[float]) -> None:
    reference = Histogram(
        "reference_seconds", "x", buckets=metrics._LATENCY_BUCKETS, registry=CollectorRegistry()
    )
    for one in seconds:
        reference.observe(one)
    expected = {
        sample.labels["le"]: sample.value
        for family in reference.collect()
        for sample in family.samples
        if sample.name == "reference_seconds_bucket"
    }
    before = rpc_histogram("test.batched", "ok")
    tally = MessageTally("ws")
    for one in seconds:
        tally.observe_rpc("test.batched", "ok", one)
    tally.close()
    after = rpc_histogram("test.batched", "ok")
    grown = {key: after[key] - before[key] for key in after}
    assert {le: grown[le] for le in expected} == expected
    assert grown["count"] == len(seconds)
    assert abs(grown["sum"] - sum(seconds)) < 1e-6


def test_message_counts_reach_the_counters_when_flushed_and_not_before() -> None:
    tally = MessageTally("ws")
    before_in, before_out = ws_messages("in"), ws_messages("out")
    tally.messages_in += 3
    tally.messages_out += 2
    assert (ws_messages("in"), ws_messages("out")) == (before_in, before_out)
    tally.flush()
    assert (ws_messages("in"), ws_messages("out")) == (before_in + 3, before_out + 2)
    tally.flush()  # nothing new: nothing added twice
    assert (ws_messages("in"), ws_messages("out")) == (before_in + 3, before_out + 2)
    tally.close()


def test_a_scrape_flushes_every_open_tally() -> None:
    tally = MessageTally("ws")
    tally.observe_rpc("test.scraped", "GBX_TIMEOUT", 0.002)
    tally.messages_in += 1
    before_in = ws_messages("in")
    text = metrics.render_latest()[0].decode()
    assert 'method="test.scraped",outcome="GBX_TIMEOUT",transport="ws"} 1.0' in text
    assert ws_messages("in") == before_in + 1
    tally.close()


def test_a_closed_tally_is_no_longer_flushed_at_scrapes() -> None:
    tally = MessageTally("ws")
    tally.close()
    tally.messages_in += 5
    before_in = ws_messages("in")
    metrics.render_latest()
    assert ws_messages("in") == before_in
