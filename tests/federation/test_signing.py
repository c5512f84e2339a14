import pytest

from federation.signing import (
    BAD_SIGNATURE,
    DIGEST_MISMATCH,
    EXPIRED,
    FUTURE,
    MALFORMED,
    MISSING_HEADER,
    REPLAY,
    UNKNOWN_KEY,
    MemoryNonceStore,
    SignatureError,
    VerifiedSignature,
    key_id_for,
    keypair_generate,
    public_pem_for,
    request_sign,
    request_verify,
)

URL = "https://sofia.example.org/federation/v1/changes?since=c1.2a&limit=500"
NOW = 1_790_000_000
BODY = b'{"format":"clusterweb.federation/1","origin":"kiel","cursor":"c1.9"}'


@pytest.fixture(scope="module")
def keys():
    private_pem, public_pem = keypair_generate()
    return private_pem, public_pem, key_id_for(public_pem)


def signed(keys, *, method="POST", url=URL, body=BODY, created=NOW, nonce="n-1", headers=None):
    private_pem, _, key_id = keys
    extra = request_sign(
        method=method,
        url=url,
        headers=headers or {"Content-Type": "application/json"},
        body=body,
        private_key_pem=private_pem,
        key_id=key_id,
        created=created,
        nonce=nonce,
    )
    return {"Content-Type": "application/json", **extra}


def verify(keys, headers, *, method="POST", url=URL, body=BODY, now=NOW, **kwargs):
    _, public_pem, key_id = keys
    kwargs.setdefault("public_keys", {key_id: public_pem})
    return request_verify(method=method, url=url, headers=headers, body=body, now=now, **kwargs)


def reason_of(call):
    with pytest.raises(SignatureError) as info:
        call()
    return info.value.reason


def test_keypair_and_key_id(keys):
    private_pem, public_pem, key_id = keys

    assert private_pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert public_pem_for(private_pem) == public_pem
    assert len(key_id) == 16 and int(key_id, 16) >= 0
    assert key_id_for(keypair_generate()[1]) != key_id


def test_sign_adds_digest_and_signature_covering_method_path_query_digest(keys):
    headers = signed(keys)

    assert headers["Content-Digest"].startswith("sha-256=:")
    signature_input = headers["Signature-Input"]
    assert signature_input.startswith('fed=("@method" "@path" "@query" "content-digest")')
    for param in (f"created={NOW}", f'keyid="{keys[2]}"', 'nonce="n-1"', 'alg="ed25519"'):
        assert param in signature_input
    assert headers["Signature"].startswith("fed=:")


def test_round_trip_returns_key_created_and_nonce(keys):
    result = verify(keys, signed(keys))

    assert result == VerifiedSignature(key_id=keys[2], created=NOW, nonce="n-1")


def test_get_without_body_round_trips_and_nonce_defaults_to_random(keys):
    first = signed(keys, method="GET", body=None, nonce=None)
    second = signed(keys, method="GET", body=None, nonce=None)

    assert (
        verify(keys, first, method="GET", body=b"").nonce
        != verify(keys, second, method="GET", body=None).nonce
    )


def test_header_names_are_case_insensitive_on_verify(keys):
    headers = {name.lower(): value for name, value in signed(keys).items()}

    assert verify(keys, headers).key_id == keys[2]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"body": BODY + b" "}, DIGEST_MISMATCH),
        ({"body": b""}, DIGEST_MISMATCH),
        ({"method": "PUT"}, BAD_SIGNATURE),
        ({"url": URL.replace("/changes", "/notify")}, BAD_SIGNATURE),
        ({"url": URL.replace("limit=500", "limit=5")}, BAD_SIGNATURE),
        ({"url": URL.split("?")[0]}, BAD_SIGNATURE),
    ],
)
def test_tampering_is_detected(keys, change, reason):
    headers = signed(keys)

    assert reason_of(lambda: verify(keys, headers, **change)) == reason


def test_host_and_scheme_are_not_covered_so_proxies_can_rewrite_them(keys):
    headers = signed(keys)

    assert verify(
        keys, headers, url=URL.replace("https://sofia.example.org", "http://10.0.0.5:8000")
    )


def test_swapped_digest_header_is_caught_by_the_signature(keys):
    headers = signed(keys)
    other = signed(keys, body=b"{}")
    headers["Content-Digest"] = other["Content-Digest"]

    assert reason_of(lambda: verify(keys, headers, body=b"{}")) == BAD_SIGNATURE


def test_signature_from_another_key_with_the_same_key_id_fails(keys):
    impostor_private, _ = keypair_generate()
    headers = signed((impostor_private, None, keys[2]))

    assert reason_of(lambda: verify(keys, headers)) == BAD_SIGNATURE


@pytest.mark.parametrize(
    ("now", "reason"),
    [(NOW + 301, EXPIRED), (NOW - 31, FUTURE)],
)
def test_signatures_outside_the_time_window_are_refused(keys, now, reason):
    assert reason_of(lambda: verify(keys, signed(keys), now=now)) == reason


@pytest.mark.parametrize("now", [NOW + 300, NOW - 30])
def test_signatures_at_the_edge_of_the_window_are_accepted(keys, now):
    assert verify(keys, signed(keys), now=now)


def test_max_age_is_configurable(keys):
    assert (
        reason_of(lambda: verify(keys, signed(keys), now=NOW + 11, max_age_seconds=10)) == EXPIRED
    )


def test_unknown_key_id_is_refused(keys):
    _, other_public = keypair_generate()

    reason = reason_of(
        lambda: verify(keys, signed(keys), public_keys={key_id_for(other_public): other_public})
    )
    assert reason == UNKNOWN_KEY


def test_both_keys_verify_during_rotation(keys):
    new_private, new_public = keypair_generate()
    new_keys = (new_private, new_public, key_id_for(new_public))
    both = {keys[2]: keys[1], new_keys[2]: new_public}

    assert verify(keys, signed(keys), public_keys=both).key_id == keys[2]
    assert verify(keys, signed(new_keys), public_keys=both).key_id == new_keys[2]
    # Once the old key is dropped, its signatures stop working.
    only_new = {new_keys[2]: new_public}
    assert reason_of(lambda: verify(keys, signed(keys), public_keys=only_new)) == UNKNOWN_KEY


@pytest.mark.parametrize("missing", ["Signature-Input", "Signature", "Content-Digest"])
def test_missing_headers_are_named(keys, missing):
    headers = signed(keys)
    del headers[missing]

    with pytest.raises(SignatureError, match=f"the {missing} header is missing") as info:
        verify(keys, headers)
    assert info.value.reason == MISSING_HEADER


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda v: v + ";", "malformed"),
        (lambda v: v.replace('tag="clusterweb.federation/1"', 'tag="other"'), "found 0"),
        (lambda v: v + ", " + v.replace("fed=", "two="), "found 2"),
        (lambda v: v.replace('alg="ed25519"', 'alg="hmac-sha256"'), "alg must be 'ed25519'"),
        (lambda v: v.replace(';nonce="n-1"', ""), "no usable nonce"),
        (lambda v: v.replace(';keyid="', ';kid="'), "no keyid"),
        (lambda v: v.replace(f"created={NOW}", f'created="{NOW}"'), "no integer created"),
    ],
)
def test_malformed_signature_input_is_refused(keys, edit, message):
    headers = signed(keys)
    headers["Signature-Input"] = edit(headers["Signature-Input"])

    with pytest.raises(SignatureError, match=message) as info:
        verify(keys, headers)
    assert info.value.reason == MALFORMED


def test_nonce_replay_is_refused_with_a_memory_store(keys):
    store = MemoryNonceStore()
    headers = signed(keys)

    assert verify(keys, headers, nonce_store=store)
    assert reason_of(lambda: verify(keys, headers, nonce_store=store)) == REPLAY
    assert verify(keys, signed(keys, nonce="n-2"), nonce_store=store)


def test_forged_requests_do_not_burn_nonces(keys):
    store = MemoryNonceStore()
    headers = signed(keys)

    assert reason_of(lambda: verify(keys, headers, body=b"forged", nonce_store=store))
    assert verify(keys, headers, nonce_store=store).nonce == "n-1"


def test_memory_nonce_store_forgets_after_its_ttl():
    clock = [1000.0]
    store = MemoryNonceStore(ttl_seconds=60, clock=lambda: clock[0])

    assert store.seen("k", "a", 1000) is False
    assert store.seen("k", "a", 1000) is True
    assert store.seen("other-key", "a", 1000) is False
    clock[0] = 1061.0
    assert store.seen("k", "b", 1061) is False
    assert len(store) == 1
    assert store.seen("k", "a", 1061) is False
