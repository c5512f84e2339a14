import pytest

from plugins.directory.collation import collation_key


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        ("pl", ["Łódź", "Lublin", "Zamość", "Żary", "Ząbki", "alfa"], ["alfa", "Lublin", "Łódź",
                                                                        "Zamość", "Ząbki", "Żary"]),
        ("de", ["Zeta", "Ärztekammer", "Bonn", "apfel"], ["apfel", "Ärztekammer", "Bonn", "Zeta"]),
        ("tr", ["Çanakkale", "Cide", "İzmir", "Ilgaz", "Dalaman"], ["Cide", "Çanakkale", "Dalaman",
                                                                    "Ilgaz", "İzmir"]),
        ("bg", ["София", "Бургас", "Варна"], ["Бургас", "Варна", "София"]),
    ],
)  # fmt: skip
def test_collation_follows_the_language_alphabet(language, words, expected):
    assert sorted(words, key=lambda w: collation_key(w, language=language)) == expected


@pytest.mark.parametrize("language", ["pl", "tr", "de", "bg", "en"])
def test_the_stored_sort_key_sorts_bytewise_as_the_collation_key(language):
    import random

    from plugins.directory.collation import collation_sort_key

    rng = random.Random(language)  # noqa: S311 (test data, not secrets)
    alphabet = "aAąĄbcćĆeęłŁlLnńóÓśzźżŻiİıIçÇğşüöÄäßæøСофияБур -.'09ﬁ"
    words = ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(2000)]
    assert sorted(words, key=lambda w: collation_sort_key(w, language=language)) == sorted(
        words, key=lambda w: collation_key(w, language=language)
    )
