//! Word lists that tell a place name from the words around it: names that are also common
//! words or given names, words that end organisation names, and the cue words reporters put
//! before and after places.

/// Capitalised words that are place names somewhere but almost never mean a place in a news
/// report: function words at the start of a sentence, days, months, titles, given names.
const STOP: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "come",
    "could",
    "did",
    "do",
    "during",
    "each",
    "early",
    "east",
    "eastern",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "late",
    "later",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "new",
    "news",
    "next",
    "no",
    "north",
    "northern",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "she",
    "should",
    "since",
    "so",
    "some",
    "south",
    "southern",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "today",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "west",
    "western",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yesterday",
    "tomorrow",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "first",
    "second",
    "third",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "general",
    "colonel",
    "king",
    "prince",
    "emir",
    "imam",
    "saint",
    "said",
    "says",
    "told",
    "source",
    "sources",
    "reporting",
    "related",
    "join",
    "leave",
    "reply",
    "follow",
    "twitter",
    "facebook",
    "email",
    "video",
    "photo",
    "file",
    "reuters",
    "afp",
    "associated",
    "press",
    "bbc",
    "cnn",
    "god",
    "allah",
    "islamic",
    "muslim",
    "christian",
    "jewish",
    "sunni",
    "shia",
    "shiite",
    "kurdish",
    "arab",
    "arabs",
    "regime",
    "army",
    "police",
    "state",
    "free",
    "unity",
    "victory",
    "peace",
    "hope",
    "liberty",
    "union",
    "independence",
    "republic",
    "government",
    "ministry",
    "council",
    "court",
    "party",
    "front",
    "forces",
    "force",
    "brigade",
    "brigades",
    "battalion",
    "militia",
    "militias",
    "national",
    "international",
    "united",
    "nations",
    "un",
    "us",
    "eu",
    "nato",
    "isis",
    "isil",
    "daesh",
    "hts",
    "sdf",
    "fsa",
    "ypg",
    "pkk",
    "covid",
    "ebola",
    "virus",
    "flu",
    "health",
    "who",
    "agency",
    "center",
    "centre",
    "university",
    "college",
    "school",
    "hospital",
    "church",
    "mosque",
    "street",
    "road",
    "city",
    "town",
    "village",
    "district",
    "province",
    "governorate",
    "region",
    "county",
    "country",
    "world",
    "earth",
    "sea",
    "river",
    "lake",
    "mount",
    "island",
    "airport",
    "base",
    "camp",
    "bridge",
    "square",
    "weekly",
    "newsletter",
    "daily",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "chronicle",
    "gazette",
    "am",
    "pm",
    "ago",
    "week",
    "month",
    "year",
    "day",
    "days",
    "night",
    "morning",
    "evening",
    "people",
    "man",
    "men",
    "women",
    "children",
    "child",
    "family",
    "home",
    "house",
    "office",
    "market",
    "oil",
    "gas",
    "water",
    "power",
    "energy",
    "capital",
    "central",
    "western",
    "fort",
    "port",
    "page",
    "part",
    "point",
    "lieutenant",
    "sergeant",
    "captain",
    "major",
    "commander",
    "leader",
    "chief",
    "head",
    "deputy",
    "secretary",
    "spokesman",
    "spokeswoman",
    "official",
    "officials",
    "media",
    "ali",
    "hussein",
    "hassan",
    "hasan",
    "mohammed",
    "muhammad",
    "mohamed",
    "ahmed",
    "ahmad",
    "omar",
    "umar",
    "khaled",
    "khalid",
    "mahmoud",
    "mustafa",
    "ibrahim",
    "youssef",
    "yousef",
    "abdullah",
    "abdallah",
    "salim",
    "saleh",
    "salih",
    "adam",
    "hamza",
    "hamzah",
    "osama",
    "bashar",
    "hafez",
    "maher",
    "assad",
    "sistani",
    "maliki",
    "erdogan",
    "putin",
    "trump",
    "obama",
    "biden",
    "bush",
    "jesus",
    "john",
    "james",
    "david",
    "michael",
    "paul",
    "peter",
    "mary",
    "george",
    "charles",
    "william",
    "henry",
    "elizabeth",
    "items",
    "item",
    "required",
    "fields",
    "qaeda",
    "qaida",
    "nusra",
    "tahrir",
    "hezbollah",
    "hizbollah",
    "hamas",
    "taliban",
];

/// Words that, capitalised after a name, make it part of an organisation's name.
const ORG_TAIL: &[&str] = &[
    "army",
    "news",
    "forces",
    "force",
    "party",
    "front",
    "brigade",
    "brigades",
    // "Al Sham Corps" (Faylaq al-Sham), "the Marine Corps"
    "corps",
    "council",
    "movement",
    "agency",
    "ministry",
    "government",
    "university",
    "airlines",
    "airways",
    "company",
    "times",
    "post",
    "observatory",
    "battalion",
    "division",
    "regiment",
    "militia",
    "militias",
    "units",
    "unit",
    "group",
    "committee",
    "network",
    "club",
    "fc",
    "united",
    "city",
    "federation",
    "association",
    "institute",
    "foundation",
    "bank",
    "corporation",
    "inc",
    "ltd",
    "tribune",
    "herald",
    "gazette",
    "journal",
    "daily",
    "radio",
    "tv",
    // "White Helmets" (Syria Civil Defence), "Blue Helmets" (UN peacekeepers).
    "helmets",
];

/// Given names and honorifics: a capitalised word after one of these is a person.
const PERSON_HEAD: &[&str] = &[
    "ali",
    "hussein",
    "hassan",
    "mohammed",
    "muhammad",
    "mohamed",
    "ahmed",
    "ahmad",
    "omar",
    "khaled",
    "khalid",
    "mahmoud",
    "mustafa",
    "ibrahim",
    "youssef",
    "abdullah",
    "abdallah",
    "saleh",
    "salih",
    "abo",
    "abou",
    "um",
    "umm",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "general",
    "gen",
    "colonel",
    "col",
    "king",
    "prince",
    "emir",
    "sheikh",
    "shaykh",
    "imam",
    "ayatollah",
    "bashar",
    "hafez",
    "maher",
    "abu",
    "bin",
    "ibn",
    "lieutenant",
    "captain",
    "commander",
    "spokesman",
    "leader",
    "secretary",
    "sir",
    "lord",
    // Titles of office: "Governor Andrew Cuomo", "Representative Thomas Washburne".
    "rep",
    "sen",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "judge",
    "officer",
    "sgt",
    "sergeant",
    "chief",
    "comrade",
    "dame",
    "pope",
    "councillor",
    "councilman",
    "councilwoman",
    "chairman",
    "chairwoman",
    "professor",
    "prof",
];

/// Common English given names (and a few of heads of state in the news): "John Kelly" and
/// "Jacob Zuma" make Kelly and Zuma people for the rest of the article. Names that are also
/// well-known places (Jordan, Victoria, Georgia, Austin, Charlotte, Florence, Lincoln,
/// Douglas, George) are left out.
const GIVEN_NAME: &[&str] = &[
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "donald",
    "steven",
    "stephen",
    "paul",
    "andrew",
    "joshua",
    "kenneth",
    "kevin",
    "brian",
    "timothy",
    "ronald",
    "edward",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "gregory",
    "frank",
    "alexander",
    "raymond",
    "patrick",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "adam",
    "nathan",
    "henry",
    "peter",
    "zachary",
    "harold",
    "kyle",
    "carl",
    "arthur",
    "gerald",
    "roger",
    "keith",
    "jeremy",
    "terry",
    "lawrence",
    "sean",
    "christian",
    "albert",
    "joe",
    "ethan",
    "jesse",
    "willie",
    "billy",
    "bryan",
    "bruce",
    "ralph",
    "roy",
    "noah",
    "dylan",
    "wayne",
    "alan",
    "juan",
    "russell",
    "gabriel",
    "randy",
    "philip",
    "harry",
    "vincent",
    "bobby",
    "johnny",
    "logan",
    "tom",
    "tim",
    "mike",
    "bill",
    "bob",
    "jim",
    "steve",
    "dan",
    "nick",
    "chris",
    "ben",
    "sam",
    "tony",
    "ron",
    "greg",
    "jeff",
    "matt",
    "pete",
    "ted",
    "fred",
    "martin",
    "bernard",
    "emmanuel",
    "vladimir",
    "boris",
    "narendra",
    "recep",
    "shinzo",
    "xi",
    "mario",
    "luis",
    "carlos",
    "miguel",
    "pedro",
    "jorge",
    "manuel",
    "francisco",
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "julie",
    "joyce",
    "olivia",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "gloria",
    "ann",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "jean",
    "alice",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophia",
    "marie",
    "diana",
    "natalie",
    "isabella",
    "rose",
    "kelly",
    "sue",
    "kate",
    "jane",
    "liz",
];

/// Verbs of speech: "Al-Furati said" makes Al-Furati a person.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "reported",
    "stated",
    "confirmed",
    "noted",
    "explained",
    "announced",
    "claimed",
    "denied",
    "warned",
    "mentioned",
    "tweeted",
    "wrote",
];

/// "Northern", "central": the side of a place a report names ("the western countryside of
/// Hama", "in northern Syria").
pub const COMPASS_ADJECTIVES: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
];

/// "North", "southeast": compass points ("10 km north of X").
pub const COMPASS_POINTS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// Generic first words of Arabic place names (hill, mountain, valley, spring, well,
/// monastery, village, ruin, ...). Alone before another capitalised word they are the
/// start of a longer name, not the village that happens to be called "Tall".
pub const NAME_HEADS: &[&str] = &[
    "tal", "tall", "tell", "tel", "jabal", "jebel", "jabel", "jbal", "wadi", "ain", "ayn", "ein",
    "bir", "deir", "dayr", "dair", "kafr", "kfar", "kafar", "kafir", "khirbet", "khirbat",
    "kherbet", "khirba", "khirbeh", "qasr", "ras", "ard", "marj", "maarat", "umm", "um", "beit",
    "bayt", "bait", "mazraat", "mazraa", "jisr", "hosh", "jubb", "sahl", "nahr", "birkat",
    "qaryat", "tlul", "tulul", "abu", "kharab",
];

/// Words that end a facility name: "Political Security Bridge", "al-Taym oil wells road".
pub const FACILITY: &[(&str, &str)] = &[
    ("bridge", "bridge"),
    ("road", "road"),
    ("highway", "road"),
    ("street", "road"),
    // Streets are named after towns far away ("Wichita Street" in Dublin, Ohio; "Memphis
    // St." in Alexandria): they are never the town, only in the one the text puts them in.
    ("streets", "road"),
    ("st", "road"),
    ("avenue", "road"),
    ("ave", "road"),
    ("boulevard", "road"),
    ("blvd", "road"),
    ("drive", "road"),
    ("lane", "road"),
    ("parkway", "road"),
    ("pkwy", "road"),
    ("square", "square"),
    ("roundabout", "square"),
    ("airport", "airport"),
    ("airbase", "base"),
    ("base", "base"),
    ("dam", "dam"),
    ("hospital", "hospital"),
    ("camp", "camp"),
    ("checkpoint", "checkpoint"),
    ("prison", "prison"),
    ("field", "oil field"),
    ("fields", "oil field"),
    ("oilfield", "oil field"),
    ("wells", "oil wells"),
    ("well", "oil wells"),
    // "the Euphrates river", "the Khabur River": the river, recorded or not, never the
    // village of its name
    ("river", "river"),
];

/// The Arabic word a place's recorded name starts with where English puts a facility word
/// after it: "Yarmouk camp" is recorded as Mukhayyam al Yarmuk, "Tishrin dam" as Sadd
/// Tishrin.
pub use crate::gazetteer::normalize::ARABIC_HEAD;

/// Lower-case words that may stand between a name and its facility word.
pub const FACILITY_INFIX: &[&str] = &[
    "oil",
    "gas",
    "wells",
    "well",
    "military",
    "old",
    "new",
    "main",
    "international",
    "grand",
];

/// Cue words before a list of places, with the feature type they give the places:
/// "the neighbourhoods of Hatla, al-Hawiqa and ...", "the village of ...".
pub const LIST_CUE: &[(&str, &str)] = &[
    ("neighbourhoods", "neighbourhood"),
    ("neighbourhood", "neighbourhood"),
    ("neighborhoods", "neighbourhood"),
    ("neighborhood", "neighbourhood"),
    ("districts", "district"),
    ("quarters", "neighbourhood"),
    ("areas", "area"),
    ("villages", "village"),
    ("village", "village"),
    ("towns", "town"),
    ("town", "town"),
    ("cities", "city"),
    ("city", "city"),
    ("countryside", "countryside"),
    ("countrysides", "countryside"),
    ("province", "province"),
    ("governorate", "province"),
    ("suburb", "neighbourhood"),
    ("suburbs", "neighbourhood"),
    ("outskirts", "countryside"),
];

/// Words after a name that type it: "Aleppo province", "Idlib countryside".
pub const SUFFIX_CUE: &[(&str, &str)] = &[
    ("province", "province"),
    ("governorate", "province"),
    ("countryside", "countryside"),
    ("neighbourhood", "neighbourhood"),
    ("neighborhood", "neighbourhood"),
    ("village", "village"),
    ("town", "town"),
    ("city", "city"),
    ("district", "district"),
    ("region", "region"),
    // "Washington state", "New York state": the state, not its city.
    ("state", "province"),
];

/// Prepositions that put a place after them.
pub const LOCATIVE: &[&str] = &[
    "in", "on", "at", "near", "into", "from", "outside", "around", "toward", "towards", "across",
    "through", "of",
];

/// A preposition of place that says where someone or something is: [`LOCATIVE`] but "of",
/// which also joins organisations' names ("the Ministry of Commerce said").
pub fn is_where(lower: &str) -> bool {
    lower != "of" && LOCATIVE.contains(&lower)
}

/// A word list as a hash set, built on first use: these are asked about every word.
fn set(
    cell: &'static std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
    words: &'static [&'static str],
) -> &'static rustc_hash::FxHashSet<&'static str> {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// Words that start the names of armed groups: the name after them is the group's, not a
/// place ("Tahrir al-Sham" is not Damascus, "Liwa al-Quds" not Jerusalem).
const GROUP_HEAD: &[&str] = &[
    "jaysh", "jaish", "jaish", "liwa", "liwaa", "ahrar", "tahrir", "harakat", "harakat", "jabhat",
    "jabhet", "hayat", "hayat", "katibat", "kataib", "saraya", "ansar", "jund", "faylaq", "failaq",
    "firqat", "alwiya", "tajammu", "quwat", "asaib", "asa'ib",
];

pub fn is_group_head(lower: &str) -> bool {
    GROUP_HEAD.contains(&lower)
}

pub fn is_stop(lower: &str) -> bool {
    static S: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    set(&S, STOP).contains(lower)
}

/// Military operations and campaigns whose names hold a place or a word the village layer
/// has ("Peace Spring", "Olive Branch"): never places. "Operation X" and "X operation" are
/// caught by pattern; these are the ones reports also name without the word.
const OPERATIONS: &[&str] = &[
    "peace spring",
    "olive branch",
    "euphrates shield",
    "dawn of freedom",
    "inherent resolve",
    "desert storm",
    "desert shield",
    "spring shield",
    "claw lock",
    "roundup",
];

/// Weapons named like places: "BM-21 Grad rockets", "a Tochka missile", "Shahed drones",
/// "Golan-1000 rockets". Such a name is a weapon when a weapon word follows it or a model
/// code comes before it.
const WEAPONS: &[&str] = &[
    "badr", "burkan", "fagot", "fajr", "falaq", "golan", "grad", "hellfire", "iskander", "kalibr",
    "katyusha", "konkurs", "kornet", "qaher", "samad", "scud", "shahed", "smerch", "tochka",
    "tomahawk", "toophan", "tornado", "uragan", "zelzal",
];

/// Words that say the name before them is a weapon's.
const WEAPON_WORDS: &[&str] = &[
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "launcher",
    "launchers",
    "mlrs",
    "drone",
    "drones",
    "shell",
    "shells",
];

/// Is the folded span `name` a weapon, given the words around it (lower case)? "Grad" in
/// "BM-21 Grad rockets", not Grad in Slovenia; "Badr" alone stays a town.
pub fn is_weapon(name: &str, before: Option<&str>, after: Option<&str>) -> bool {
    WEAPONS.contains(&name)
        && (after.is_some_and(|a| WEAPON_WORDS.contains(&a))
            || before.is_some_and(|b| b.chars().any(|c| c.is_ascii_digit())))
}

/// Is this folded span the name of a military operation?
pub fn is_operation(folded: &str) -> bool {
    OPERATIONS.contains(&folded)
}

/// Can an operation's name ([`OPERATIONS`]) start with this word? Most capitalised words
/// cannot, and need no joining with the words after them to find out.
pub fn starts_operation(lower: &str) -> bool {
    static S: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        OPERATIONS
            .iter()
            .filter_map(|o| o.split(' ').next())
            .collect()
    })
    .contains(lower)
}

pub fn is_org_tail(lower: &str) -> bool {
    static S: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    set(&S, ORG_TAIL).contains(lower)
}

/// A title or given name: the capitalised word after it is a person's name.
pub fn is_person_head(lower: &str) -> bool {
    static S: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    set(&S, PERSON_HEAD).contains(lower) || is_given_name(lower)
}

/// A common given name ("John", "Beverly"), which can also start a place name ("Beverly
/// Hills").
pub fn is_given_name(lower: &str) -> bool {
    static S: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    set(&S, GIVEN_NAME).contains(lower)
}

/// Lower-case words after a place name that make it the name of a disease or pathogen
/// ("Reston virus", "Lassa fever").
pub fn is_disease_tail(lower: &str) -> bool {
    matches!(
        lower,
        "virus" | "viruses" | "ebolavirus" | "fever" | "flu" | "strain" | "encephalitis"
    )
}

pub fn is_speech(lower: &str) -> bool {
    SPEECH.contains(&lower)
}

pub fn lookup<'a>(table: &'a [(&str, &str)], lower: &str) -> Option<&'a str> {
    table.iter().find(|(w, _)| *w == lower).map(|(_, f)| *f)
}

type Table = std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>>;

/// [`lookup`] in a hash map of `table` built on first use: the detector asks these tables
/// about nearly every capitalised word, and a scan of 60 pairs each time showed in profiles
/// (about 3% of `places`). The first pair of a word wins, as in [`lookup`].
fn table(
    cell: &'static Table,
    table: &'static [(&'static str, &'static str)],
) -> &'static rustc_hash::FxHashMap<&'static str, &'static str> {
    cell.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for &(w, f) in table {
            map.entry(w).or_insert(f);
        }
        map
    })
}

/// The feature type a word ending a facility's name gives it ([`FACILITY`]).
pub fn facility(lower: &str) -> Option<&'static str> {
    static T: Table = Table::new();
    table(&T, FACILITY).get(lower).copied()
}

/// The feature type a cue word before a list of places gives them ([`LIST_CUE`]).
pub fn list_cue(lower: &str) -> Option<&'static str> {
    static T: Table = Table::new();
    table(&T, LIST_CUE).get(lower).copied()
}

/// The feature type a word after a name gives it ([`SUFFIX_CUE`]).
pub fn suffix_cue(lower: &str) -> Option<&'static str> {
    static T: Table = Table::new();
    table(&T, SUFFIX_CUE).get(lower).copied()
}

/// Feature codes a feature type word favours.
pub fn feature_matches(feature: &str, code: &str) -> bool {
    match feature {
        "neighbourhood" | "district" => {
            code == "PPLX" || code.starts_with("ADM3") || code.starts_with("ADM2")
        }
        "village" | "town" | "city" => code.starts_with("PPL") && code != "PPLX",
        "province" => code == "ADM1",
        "county" => code == "ADM2",
        "countryside" | "region" | "area" => {
            code.starts_with("PPL") || code.starts_with("ADM") || code == "RGN"
        }
        "bridge" => code == "BDG",
        "road" => code == "RD",
        "oil field" | "oil wells" => code == "OILF" || code == "OILW",
        "airport" | "base" => matches!(code, "AIRP" | "AIRB" | "MILB"),
        _ => false,
    }
}

/// The continent an English demonym names: "European" is Europe, and so is the European
/// Union. (Continents have no ISO code, so these are not in `demonyms.tsv`.)
pub fn continent_demonym(lower: &str) -> Option<&'static str> {
    match lower {
        "european" | "europeans" => Some("Europe"),
        "african" | "africans" => Some("Africa"),
        "asian" | "asians" => Some("Asia"),
        // The union has no point of its own in the gazetteer; like "European" it says
        // "in Europe", and is never an event location.
        "eu" | "european union" => Some("Europe"),
        _ => None,
    }
}

/// English demonyms ("Syrian", "Russian", "South African") and the country each names, from
/// `gazetteer/demonyms.tsv` (world-countries, see `gazetteer/README.md`).
pub fn demonym_country(lower: &str) -> Option<&'static str> {
    use std::sync::OnceLock;
    static MAP: OnceLock<rustc_hash::FxHashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        include_str!("../../gazetteer/demonyms.tsv")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(d, cc)| (d.to_lowercase(), cc.trim()))
            .collect()
    })
    .get(lower)
    .copied()
}

/// One name of `gazetteer/armed-groups.tsv`: its folded words, whether it is an acronym
/// (matched only in capitals), and the country the group fights in.
struct Group {
    name: &'static str,
    words: Vec<String>,
    acronym: bool,
    country: &'static str,
}

/// Armed groups that fight in one country ("Hayat Tahrir al-Sham", "YPG", "the Houthis")
/// and that country, from `gazetteer/armed-groups.tsv`, indexed by first word.
fn groups() -> &'static rustc_hash::FxHashMap<String, Vec<Group>> {
    use std::sync::OnceLock;
    static MAP: OnceLock<rustc_hash::FxHashMap<String, Vec<Group>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: rustc_hash::FxHashMap<String, Vec<Group>> = Default::default();
        for line in include_str!("../../gazetteer/armed-groups.tsv").lines() {
            let Some((name, cc)) = line.split_once('\t').filter(|_| !line.starts_with('#')) else {
                continue;
            };
            let acronym = name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            let words: Vec<String> = name.split(' ').map(str::to_lowercase).collect();
            map.entry(words[0].clone()).or_default().push(Group {
                name,
                words,
                acronym,
                country: cc.trim(),
            });
        }
        // the longest name first: "jaysh al islam" before a shorter one of its start
        for gs in map.values_mut() {
            gs.sort_by_key(|g| std::cmp::Reverse(g.words.len()));
        }
        map
    })
}

/// An armed group named in a text: the country it fights in and its words' token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupName {
    /// The name as `armed-groups.tsv` writes it: one per group, whatever the text's case.
    pub name: &'static str,
    pub country: &'static str,
    pub first: usize,
    pub last: usize,
}

/// The armed groups a text names, in order of their words: a report of "HTS"
/// and "YPG" fighting, naming only villages, is about Syria; and the "Sham" of "Ahrar
/// al-Sham" is no place.
pub fn group_names(toks: &[super::tokens::Token<'_>]) -> Vec<GroupName> {
    let map = groups();
    let mut out: Vec<GroupName> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.cap {
            continue;
        }
        let Some(gs) = map.get(t.lower()) else {
            continue;
        };
        for g in gs {
            let Some(span) = toks.get(i..i + g.words.len()) else {
                continue;
            };
            let same = span
                .iter()
                .zip(&g.words)
                .enumerate()
                .all(|(k, (t, w))| t.lower() == w && (k == 0 || t.gap.joins_words()));
            let written = !g.acronym || t.text.chars().all(|c| !c.is_lowercase());
            // "Hayat Tahrir al-Sham" holds "Tahrir al-Sham": one group
            let inside = out.last().is_some_and(|o| o.last >= i);
            if same && written && !inside {
                out.push(GroupName {
                    name: g.name,
                    country: g.country,
                    first: i,
                    last: i + g.words.len() - 1,
                });
                break;
            }
        }
    }
    out
}

/// US states by their AP style abbreviations (lower-cased, without the dot: "kan", "calif",
/// "sc" for S.C.) and postal codes ("oh"), as datelines and "City, St." write them.
pub fn us_state_abbreviation(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "ala" | "al" => "Alabama",
        "ak" => "Alaska",
        "ariz" | "az" => "Arizona",
        "ark" | "ar" => "Arkansas",
        "calif" | "cal" | "ca" => "California",
        "colo" | "co" => "Colorado",
        "conn" | "ct" => "Connecticut",
        "del" | "de" => "Delaware",
        "fla" | "fl" => "Florida",
        "ga" => "Georgia",
        "hi" => "Hawaii",
        "idaho" | "id" => "Idaho",
        "ill" | "il" => "Illinois",
        "ind" | "in" => "Indiana",
        "ia" => "Iowa",
        "kan" | "kans" | "ks" => "Kansas",
        "ky" => "Kentucky",
        "la" => "Louisiana",
        "me" => "Maine",
        "md" => "Maryland",
        "mass" | "ma" => "Massachusetts",
        "mich" | "mi" => "Michigan",
        "minn" | "mn" => "Minnesota",
        "miss" | "ms" => "Mississippi",
        "mo" => "Missouri",
        "mont" | "mt" => "Montana",
        "neb" | "nebr" | "ne" => "Nebraska",
        "nev" | "nv" => "Nevada",
        "nh" => "New Hampshire",
        "nj" => "New Jersey",
        "nm" => "New Mexico",
        "ny" => "New York",
        "nc" => "North Carolina",
        "nd" => "North Dakota",
        "okla" | "ok" => "Oklahoma",
        "ore" | "or" => "Oregon",
        "pa" => "Pennsylvania",
        "ri" => "Rhode Island",
        "sc" => "South Carolina",
        "sd" => "South Dakota",
        "tenn" | "tn" => "Tennessee",
        "tex" | "tx" => "Texas",
        "ut" => "Utah",
        "vt" => "Vermont",
        "va" => "Virginia",
        "wash" | "wa" => "Washington",
        "wva" | "wv" => "West Virginia",
        "dc" => "Washington, D.C.",
        "wis" | "wisc" | "wi" => "Wisconsin",
        "wyo" | "wy" => "Wyoming",
        _ => return None,
    })
}

/// Canadian provinces and Australian states by the abbreviation that follows a town
/// ("Nelson, B.C.", "Toronto, Ont.", "Dubbo, NSW"; folded, without dots): name and country.
pub fn province_abbreviation(lower: &str) -> Option<(&'static str, &'static str)> {
    Some(match lower {
        "bc" => ("British Columbia", "CA"),
        "alta" | "ab" => ("Alberta", "CA"),
        "sask" | "sk" => ("Saskatchewan", "CA"),
        "man" | "mb" => ("Manitoba", "CA"),
        "ont" | "on" => ("Ontario", "CA"),
        "que" | "qc" => ("Quebec", "CA"),
        "ns" => ("Nova Scotia", "CA"),
        "nb" => ("New Brunswick", "CA"),
        "nfld" | "nl" => ("Newfoundland and Labrador", "CA"),
        "pei" => ("Prince Edward Island", "CA"),
        "nsw" => ("New South Wales", "AU"),
        "qld" => ("Queensland", "AU"),
        "vic" => ("Victoria", "AU"),
        "tas" => ("Tasmania", "AU"),
        _ => return None,
    })
}

/// The abbreviations that name their state or province wherever they stand, as written:
/// "in regional NSW", "the B.C. government". Others ("Ont.", "Vic.", "WA") are words or
/// names elsewhere and are read only after a town.
pub fn standalone_province(text: &str) -> Option<(&'static str, &'static str)> {
    Some(match text {
        "NSW" => ("New South Wales", "AU"),
        "QLD" => ("Queensland", "AU"),
        "B.C." | "BC" => ("British Columbia", "CA"),
        _ => return None,
    })
}

/// Abbreviated titles written with a dot ("Mrs. Parsons", "Gov. Deval L. Patrick",
/// "Lance Cpl. Josef Robinson"): the dot ends no name, and the name after is a person's.
pub fn is_title_abbreviation(lower: &str) -> bool {
    matches!(
        lower,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "gov"
            | "sen"
            | "rep"
            | "lt"
            | "sgt"
            | "cpl"
            | "capt"
            | "col"
            | "gen"
            | "det"
            | "ofc"
            | "atty"
            | "rev"
            | "supt"
            | "prof"
            | "pvt"
            | "maj"
            | "adm"
            | "cmdr"
            | "insp"
    )
}

/// Lower-case words of office or kinship written before a surname ("coach Ripley",
/// "officer Bell", "cousins Dillon and Connor"): the word after is a person.
pub fn is_lower_title(lower: &str) -> bool {
    matches!(
        lower,
        "coach"
            | "officer"
            | "deputy"
            | "sheriff"
            | "detective"
            | "trooper"
            | "attorney"
            | "judge"
            | "pastor"
            | "reverend"
            | "superintendent"
            | "principal"
            | "senator"
            | "congressman"
            | "congresswoman"
            | "councilman"
            | "councilwoman"
            | "commissioner"
            | "sergeant"
            | "corporal"
            | "lieutenant"
            | "patrolman"
            | "cousin"
            | "cousins"
            | "brother"
            | "sister"
            | "son"
            | "daughter"
            | "husband"
            | "wife"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&'static str, &'static str)> {
        let toks = super::super::tokens::tokenize(text);
        group_names(&toks)
            .into_iter()
            .map(|g| (g.name, g.country))
            .collect()
    }

    #[test]
    fn armed_groups_are_found_whole_and_acronyms_only_in_capitals() {
        assert_eq!(
            names("Hayat Tahrir al-Sham and pro-Houthi fighters; the YPG shelled it."),
            vec![
                ("hayat tahrir al sham", "SY"),
                ("houthi", "YE"),
                ("YPG", "SY")
            ]
        );
        // "hts" in lower case, "Tahrir" alone and a tip are no group.
        assert!(names("He gave a tip to hts staff in Tahrir Square.").is_empty());
        // the words must follow each other in one name
        assert!(names("Tahrir, al Sham").is_empty());
    }
}
