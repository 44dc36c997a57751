//! Large productions for benchmarks: N journal notes (each with front matter, headings, a
//! list, a table and a fenced code block) and M shots, storyboard panels and shoot days, and
//! optionally the same notes as a Hugo site. The same seed gives the same production, byte for
//! byte. Used by `examples/generate.rs` and `benches/build.rs`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// xorshift64*: small, fast and deterministic; statistical quality does not matter here.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: [&str; 24] = [
    "lamp", "roof", "night", "orange", "sodium", "street", "camera", "dolly", "crane", "light",
    "shadow", "frame", "lens", "grade", "edit", "sound", "take", "crew", "dawn", "city", "van",
    "café", "rain", "chorus",
];

fn sentence(random: &mut Random, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(random.pick(&WORDS));
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str() + ".",
        None => String::new(),
    }
}

const CODE: [(&str, &str); 4] = [
    (
        "sh",
        "ffmpeg -i take-{n}.mov -vf lut3d=sodium.cube -c:v prores_ks -profile:v 3 graded-{n}.mov\nfor f in *.mov; do echo \"$f\"; done\n",
    ),
    (
        "python",
        "def frames(seconds, fps=25):\n    return round(seconds * fps)\n\nprint(frames({n}))\n",
    ),
    (
        "json",
        "{\n  \"take\": {n},\n  \"lens\": \"40mm\",\n  \"circled\": true\n}\n",
    ),
    ("yaml", "shot: 4A\ntake: {n}\nnotes: keep the flare\n"),
];

/// What to generate.
pub struct Options {
    pub notes: usize,
    pub shots: usize,
    pub days: usize,
    pub seed: u64,
    pub out: PathBuf,
    pub hugo: Option<PathBuf>,
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The body of note `n`: headings, a list, a table, a code block and internal references.
fn note_body(random: &mut Random, n: usize, shots: usize) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "{}\n", sentence(random, 30));
    let _ = writeln!(body, "## What we shot\n");
    for _ in 0..4 {
        let _ = writeln!(body, "- {}", sentence(random, 6));
    }
    let shot = random.below(shots.max(1) as u64);
    let _ = writeln!(body, "\nThe best take was [shot S{shot}](shot:S{shot}).\n");
    let _ = writeln!(
        body,
        "## Numbers\n\n| Take | Lens | Length |\n|---|---|---|"
    );
    for take in 1..=3 {
        let _ = writeln!(
            body,
            "| {take} | {}mm | 0:{:02} |",
            24 + random.below(60),
            5 + random.below(50)
        );
    }
    let (language, code) = CODE[n % CODE.len()];
    // Every fourth note repeats another's code block exactly, as real notes do.
    let number = if n.is_multiple_of(4) { 1 } else { n };
    let _ = writeln!(
        body,
        "\n```{language}\n{}```\n",
        code.replace("{n}", &number.to_string())
    );
    let _ = writeln!(body, "## Afterwards\n\n{}", sentence(random, 40));
    body
}

/// `2026-01-01` plus `days`, without a date library.
fn chrono_like_date(days: usize) -> String {
    const MONTHS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = days % 365;
    let mut month = 0;
    while day >= MONTHS[month] {
        day -= MONTHS[month];
        month += 1;
    }
    format!("2026-{:02}-{:02}", month + 1, day + 1)
}
/// The Hugo copy's configuration and minimal layouts.
const HUGO_FILES: [(&str, &str); 5] = [
    (
        "hugo.toml",
        "baseURL = 'https://generated.example.com/'\ntitle = 'Generated'\n[markup.highlight]\nnoClasses = false\n[taxonomies]\ntag = 'tags'\n",
    ),
    (
        "layouts/_default/baseof.html",
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    ),
    (
        "layouts/_default/single.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    ),
    (
        "layouts/_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    ),
    (
        "layouts/index.html",
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1>{{ end }}\n",
    ),
];

/// Writes the production, and its Hugo copy when asked for.
pub fn generate(options: &Options) {
    let mut random = Random(options.seed.max(1));
    let out = &options.out;
    if out.exists() {
        fs::remove_dir_all(out).unwrap();
    }
    write(
        &out.join("clapboard.yaml"),
        "title: Generated\nartist: The Generator\nsong:\n  title: Generated\n  duration: \"3:30\"\nbase_url: https://generated.example.com/\naudiences:\n  - name: public\n  - name: client\n  - name: crew\n",
    );
    write(
        &out.join("locations.yaml"),
        "locations:\n  - id: studio\n    name: Studio\n    address: 1 Test Street\n  - id: street\n    name: Street\n    address: 2 Test Street\n",
    );
    write(
        &out.join("people.yaml"),
        "cast:\n  - id: lead\n    name: Lead\ncrew:\n  - id: dp\n    name: DP\n    department: Camera\n    position: Director of photography\n    phone: '+44 7700 900000'\n",
    );

    let mut shots = String::from("shots:\n");
    let mut panels = String::from("panels:\n");
    let shot_length = (210_000 / options.shots.max(1)) as f64 / 1000.0;
    for i in 0..options.shots {
        let location = if i % 2 == 0 { "studio" } else { "street" };
        let _ = writeln!(
            shots,
            "  - id: S{i}\n    scene: {}\n    panel: {i}\n    description: {}\n    size: WS\n    duration: {shot_length:.3}\n    location: {location}\n    cast: [lead]",
            i / 10,
            sentence(&mut random, 8)
        );
        let _ = writeln!(
            panels,
            "  - id: {i}\n    duration: {shot_length:.3}\n    action: {}\n    shot: S{i}",
            sentence(&mut random, 8)
        );
    }
    write(&out.join("shots.yaml"), &shots);
    write(&out.join("storyboard.yaml"), &panels);

    let mut schedule = String::from("days:\n");
    let per_day = options.shots.div_ceil(options.days.max(1));
    for day in 0..options.days {
        let ids: Vec<String> = (day * per_day..((day + 1) * per_day).min(options.shots))
            .map(|i| format!("S{i}"))
            .collect();
        let date = chrono_like_date(day);
        let _ = writeln!(
            schedule,
            "  - day: {}\n    date: {date}\n    general_call: \"07:00\"\n    shooting_call: \"08:00\"\n    lunch: \"13:00\"\n    wrap: \"19:00\"\n    locations: [studio, street]\n    shots: [{}]\n    cast_calls:\n      - person: lead\n        on_set: \"08:00\"",
            day + 1,
            ids.join(", ")
        );
    }
    write(&out.join("schedule.yaml"), &schedule);

    let tags = [
        "shoot", "light", "edit", "sound", "location", "cast", "grade", "music",
    ];
    let stages = ["pre-production", "production", "post-production", "release"];
    for n in 0..options.notes {
        let title = format!(
            "Note {n}: {}",
            sentence(&mut random, 4).trim_end_matches('.')
        );
        let date = chrono_like_date(n % 365);
        let tag_a = random.pick(&tags);
        let tag_b = random.pick(&tags);
        let stage = stages[n % 4];
        let body = note_body(&mut random, n, options.shots);
        write(
            &out.join(format!("journal/note-{n:05}.md")),
            &format!(
                "---\ntitle: \"{title}\"\ndate: {date}\nstage: {stage}\ntags: [{tag_a}, {tag_b}]\nauthor: Generator\nsummary: {}\n---\n{body}",
                sentence(&mut random, 12)
            ),
        );
        if let Some(hugo) = &options.hugo {
            // Hugo has no internal references: the same text with plain links.
            let body = body.replace("(shot:", "(/shots/#shot-");
            write(
                &hugo.join(format!("content/journal/note-{n:05}.md")),
                &format!(
                    "---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tag_a}, {tag_b}]\n---\n{body}"
                ),
            );
        }
    }
    if let Some(hugo) = &options.hugo {
        for (path, text) in HUGO_FILES {
            write(&hugo.join(path), text);
        }
    }
}
