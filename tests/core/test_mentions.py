from bot.core.mentions import named_people

PEOPLE = {1: ["Anna de Vries", "@anna"], 2: ["Anna"], 3: ["e"], 4: ["Bram", ""]}


def test_a_name_counts_only_as_whole_words():
    assert named_people(PEOPLE, ["Welkom, e!"]) == {3}
    assert named_people(PEOPLE, ["Wij hebben een stage en Erasmus"]) == set()
    assert named_people(PEOPLE, ["Brammetje en Annabel"]) == set()


def test_the_longest_name_wins_and_usernames_and_mention_links_count():
    assert named_people(PEOPLE, ["Anna de Vries is er"]) == {1}
    assert named_people(PEOPLE, ["Anna en @anna"]) == {1, 2}
    assert named_people(PEOPLE, ['<a href="tg://user?id=4">B.</a>']) == {4}
    assert named_people({}, ['<a href="tg://user?id=99">?</a>']) == {99}


def test_html_and_json_are_read_as_the_text_they_stand_for():
    people = {5: ["Jan & Piet"], 6: ["Zoë"]}
    assert named_people(people, ["Jan &amp; Piet", '{"text": "Zoë"}']) == {5, 6}
