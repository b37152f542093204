//! `render` on arbitrary input: the first byte picks the options (PNG or SVG, colour key,
//! labels, dots or heatmap, basemap, title), the rest is read as an incident file (GeoJSON,
//! GeoJSON Lines, CSV or FlatGeobuf, sniffed). Whatever the features hold (odd dates, names,
//! tolls, one point or thousands at one place), the map is drawn or refused with an error,
//! never a panic, and every incident is counted on it or outside it.
#![no_main]

use std::path::Path;

use incimap::features;
use incimap::render::{self, Basemap, ColorBy, Format, Incidents, Options, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let mut fs = Vec::new();
    let read = features::for_each_in(Path::new("fuzz"), file, None, |f| {
        fs.push(f);
        Ok(())
    });
    if read.is_err() {
        return;
    }
    let color_by = [ColorBy::EventType, ColorBy::SubEventType, ColorBy::Actor1][pick as usize % 3];
    let incidents = Incidents::from_features(&fs, color_by);
    let opts = Options {
        // Small, so each run is quick; the drawing code is the same at every size.
        width: render::MIN_SIDE + u32::from(pick & 0x10) * 4,
        height: render::MIN_SIDE,
        title: (pick & 0x20 != 0).then(|| String::from_utf8_lossy(file).chars().take(40).collect()),
        color_by,
        labels: pick & 0x40 != 0,
        style: [Style::Auto, Style::Dots, Style::Heatmap][(pick as usize >> 2) % 3],
        basemap: if pick & 0x80 != 0 { Basemap::Countries } else { Basemap::None },
        ..Options::default()
    };
    let format = if pick & 0x08 != 0 { Format::Svg } else { Format::Png };
    if let Ok(map) = render::render(&incidents, &opts, format) {
        assert_eq!(map.shown + map.outside, incidents.len());
        match format {
            Format::Png => assert!(map.bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
            Format::Svg => assert!(String::from_utf8_lossy(&map.bytes).contains("<svg")),
        }
    }
});
