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
