"""Step 4 on a phone: pages of a board, and what was marked most over all boards."""

from __future__ import annotations

from bot.core.session.boards import Tally, most_marked, paginate


def test_pages_split_each_group_evenly_and_number_on() -> None:
    abroad = [f"b{i}" for i in range(17)]
    home = [f"e{i}" for i in range(26)]
    pages = paginate([("buitenland", abroad), ("eigen_land", home)], size=10)
    assert [(p.group, len(p.items)) for p in pages] == [
        ("buitenland", 9),
        ("buitenland", 8),
        ("eigen_land", 9),
        ("eigen_land", 9),
        ("eigen_land", 8),
    ]
    assert [p.index for p in pages] == [0, 1, 2, 3, 4]
    numbered = [pair for page in pages for pair in page.items]
    assert numbered == list(enumerate(abroad + home, start=1))


def test_a_small_or_empty_group() -> None:
    pages = paginate([("buitenland", ["x"]), ("eigen_land", [])], size=10)
    assert [(p.group, p.items) for p in pages] == [("buitenland", ((1, "x"),))]


def test_most_marked_over_all_boards_by_votes_equal_votes_taking_turns() -> None:
    abroad_done = [Tally("Bpv Europa", 1, "al"), Tally("Studiereis", 1, "al")]
    home_done = [Tally("Themaweek", 1, "al")]
    abroad_new = [Tally("Uitwisseling", 0, "nieuw"), Tally("Bpv buiten EU", 3, "nieuw")]
    home_new = [Tally("Virtuele klas", 2, "nieuw")]
    top = most_marked([abroad_done, home_done, abroad_new, home_new], limit=4)
    assert [(t.label, t.count) for t in top] == [
        ("Bpv buiten EU", 3),
        ("Virtuele klas", 2),
        ("Bpv Europa", 1),
        ("Themaweek", 1),  # in eigen land, before the second abroad item with 1 vote
    ]
    assert most_marked([[Tally("Niets", 0, "al")]]) == []
