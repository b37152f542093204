//! Event typing: which ACLED sub-event type a sentence reports, and the words (the trigger)
//! that say so.
//!
//! Rule-based on purpose: a trigger lexicon per kind of violence, then ACLED's own
//! precedence when a sentence names several. Territory changing hands outranks the fighting
//! that won it; fighting outranks the shelling or air strikes that came with it (ACLED codes
//! "clashes amid shelling" as a battle); a suicide car bomb is a suicide bomb, not an IED;
//! explosives, air strikes and shelling outrank the killings they caused; a killing or
//! shooting is violence against civilians when civilians were hit and an armed clash when
//! fighters were. A siege or a blocked road is a strategic development of type Other, as
//! ACLED codes sieges.

use super::actors::Victim;
use super::phrase::{self, Hit};
use crate::geoparse::tokens::Token;
use crate::model::SubEventType;

/// A kind of trigger word. Several map to one sub-event type; some ([`Cue::Kill`],
/// [`Cue::Territory`], the protest family) need the actors or the rest of the sentence to
/// settle the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Territory,
    Protest,
    ProtestIntervention,
    Riot,
    Mob,
    Suicide,
    Disrupt,
    Clash,
    Explosive,
    /// "bomb", "bombing": an air strike when aircraft are named, else an explosive.
    Bomb,
    Air,
    Shelling,
    Grenade,
    Chemical,
    Abduction,
    Sexual,
    Arrest,
    /// Killing, shooting, attacking: civilians or fighters decide.
    Kill,
    Loot,
    Base,
    Siege,
    Change,
}

/// Trigger patterns (see [`super::phrase`]).
pub const TRIGGERS: &[(&str, Cue)] = &[
    // Territory changing hands
    ("captured|recaptured|capture|recapture|capturing|recapturing|retook|retaken|retaking|liberated|overran|overrun", Cue::Territory),
    ("took|take|taken|taking|seized|gained|regained|established|imposed full|complete|total control", Cue::Territory),
    ("regains|regain|regained|regaining|gains|gained control|controls", Cue::Territory),
    ("taking|took|taken it|them over", Cue::Territory),
    ("partial|full|complete|total control", Cue::Territory),
    ("controlled|cleared|seized", Cue::Territory),
    ("managed|able|continued to control|capture|seize|take", Cue::Territory),
    ("took|take|taken|taking|takes|seized|seize|seizing|gained|gain|gaining|regained|regain|regaining|established|establishing|restored|wrested|imposed control", Cue::Territory),
    ("took|taken|taking over", Cue::Territory),
    ("advanced|advancing|advances|advance into|in|on", Cue::Territory),
    ("made|make|making advances|advance|progress", Cue::Territory),
    ("made|make|making advancements|advancement", Cue::Territory),
    // Not a bare "regained": shares regain a price level, schools regain "marketshare".
    ("took|taken|regained|regains the|a town|village|city|area|hill|hills|neighbourhood|neighborhood", Cue::Territory),
    // Protests and riots
    ("protest|protests|protested|protesting|protesters|protestors|protester", Cue::Protest),
    ("demonstration|demonstrations|demonstrators|rally|rallies|rallied", Cue::Protest),
    ("demonstrated|demonstrating|demonstrate", Cue::Protest),
    ("sit in", Cue::Protest),
    ("dispersed|disperse|dispersing", Cue::ProtestIntervention),
    ("tear gas|teargas", Cue::ProtestIntervention),
    ("teargas", Cue::ProtestIntervention),
    ("water cannon|cannons", Cue::ProtestIntervention),
    ("riot|riots|rioting|rioters|rioted", Cue::Riot),
    ("burned|burnt|burning tires|tyres", Cue::Riot),
    ("threw|throwing stones|rocks", Cue::Riot),
    ("mob|mobs|lynched|lynching", Cue::Mob),
    // Explosions and remote violence
    ("suicide", Cue::Suicide),
    ("blew himself|herself|themselves up", Cue::Suicide),
    ("self detonated|detonating|detonation", Cue::Suicide),
    ("defused|defusing|dismantled|dismantling|intercepted|intercepting", Cue::Disrupt),
    ("shot|shoot|shooting down", Cue::Disrupt),
    ("car|vehicle|truck|motorcycle|motorbike bomb|bombs|bombing|bombings", Cue::Explosive),
    ("booby trapped|trap|traps", Cue::Explosive),
    ("vbied|vbieds|ied|ieds", Cue::Explosive),
    ("roadside bomb|bombs", Cue::Explosive),
    ("landmine|landmines", Cue::Explosive),
    ("land mine|mines", Cue::Explosive),
    ("mine|mines exploded|detonated", Cue::Explosive),
    ("explosive|explosives", Cue::Explosive),
    ("explosive device|devices|belt|belts|charge|charges", Cue::Explosive),
    ("explosion|explosions|blast|blasts|detonated|detonation", Cue::Explosive),
    ("bomb|bombs|bombing|bombings|bombed", Cue::Bomb),
    ("airstrike|airstrikes|airraid|airraids", Cue::Air),
    ("air strike|strikes|raid|raids|attack|attacks|bombardment|bombardments", Cue::Air),
    ("warplane|warplanes|jets|aircraft|aircrafts", Cue::Air),
    ("war plane|planes", Cue::Air),
    ("fighter jet|jets", Cue::Air),
    ("helicopter|helicopters|gunship|gunships", Cue::Air),
    ("barrel bomb|bombs", Cue::Air),
    ("drone|drones|uav|uavs", Cue::Air),
    ("raid|raids", Cue::Air),
    ("shell|shelled|shelling|shells", Cue::Shelling),
    ("artillery|mortar|mortars|rocket|rockets|missile|missiles", Cue::Shelling),
    ("bombardment|bombardments|bombarded|bombarding|bombard", Cue::Shelling),
    ("atgm|atgms", Cue::Shelling),
    ("anti tank", Cue::Shelling),
    ("grenade|grenades", Cue::Grenade),
    ("chemical weapon|weapons|attack|attacks", Cue::Chemical),
    ("chlorine|sarin", Cue::Chemical),
    ("toxic gas", Cue::Chemical),
    // Battles
    ("clash|clashes|clashed|clashing|fight|fights", Cue::Clash),
    ("assault|assaults|repelled|repel|repelling|thwarted|infiltrated|infiltration", Cue::Clash),
    ("exchanged|exchanging|exchange|exchanges shelling|artillery|rocket|rockets|mortar|mortars|barrages|fire|gunfire|targeting", Cue::Clash),
    ("shelling exchange|exchanges", Cue::Clash),
    ("mutual shelling|targeting", Cue::Clash),
    ("fighting|fought|battle|battles|battled|firefight|firefights|gunfight|gunfights", Cue::Clash),
    ("skirmish|skirmishes|ambush|ambushed|ambushes|offensive", Cue::Clash),
    ("exchange|exchanges of fire|gunfire", Cue::Clash),
    // "an exchange of shelling between the army and the rebels": both sides fire, a battle
    ("exchange|exchanges of shelling|artillery|rockets|mortars|shells|targeting|bombardment|barrages", Cue::Clash),
    ("exchanged|exchanging fire|gunfire", Cue::Clash),
    ("counter attack|attacks|offensive", Cue::Clash),
    // An advance against a side, or one attempted, is fighting: ACLED codes it a clash.
    ("advanced|advancing|advance against|toward|towards", Cue::Clash),
    ("attempted|attempting|tried to advance|storm|infiltrate", Cue::Clash),
    ("operation|operations against", Cue::Clash),
    // Not "engaging the community": an engagement with a fighting unit, or in fighting.
    ("engaged|engaging a|an group|unit|convoy|patrol|force|cell", Cue::Clash),
    ("engaged|engaging with militants|fighters|forces|rebels|insurgents|gunmen", Cue::Clash),
    ("engaged|engaging in fighting|clashes|battles|combat|firefights", Cue::Clash),
    ("exchanged|exchanging|exchange heavy|medium|light machine gun|guns fire|gunfire", Cue::Clash),
    ("exchanged|exchanging|exchange machine gun|guns fire|gunfire", Cue::Clash),
    // Killings and attacks: civilians or fighters decide
    ("killed|killing|kills|kill|murdered|executed|execution|executions|slaughtered|massacre|massacred|slain", Cue::Kill),
    ("shot|shooting|shoots|sniper|snipers|sniped|gunned", Cue::Kill),
    ("opened fire", Cue::Kill),
    ("opened small arms fire", Cue::Kill),
    ("small arms fire", Cue::Kill),
    ("saf", Cue::Kill),
    ("body|bodies of", Cue::Kill),
    ("fired at|on", Cue::Kill),
    ("fired|firing|fires shots|rounds|bullets|rpgs|rpg|bursts", Cue::Kill),
    ("assassinate|assassinating", Cue::Kill),
    ("assassinated|assassination|stabbed|beheaded|decapitated|tortured|torture|stormed|storming", Cue::Kill),
    ("attacked|attacking|attack|attacks|targeted|targeting", Cue::Kill),
    ("body|bodies was|were found", Cue::Kill),
    ("found dead|killed|shot", Cue::Kill),
    ("kidnapped|kidnapping|kidnap|kidnaps|abducted|abduction|abducting|abducts", Cue::Abduction),
    ("forcibly disappeared", Cue::Abduction),
    ("forced disappearance", Cue::Abduction),
    ("raped|rape|rapes", Cue::Sexual),
    ("sexually assaulted", Cue::Sexual),
    ("sexual assault|violence", Cue::Sexual),
    // Strategic developments
    ("arrested|arrest|arrests|arresting|detained|detain|detaining|detention|detentions", Cue::Arrest),
    ("rounded up", Cue::Arrest),
    ("looted|looting|loot|pillaged|pillaging|plundered|plundering|demolished|demolishing|bulldozed|razed|torched", Cue::Loot),
    ("set fire", Cue::Loot),
    ("new base|headquarters|outpost|outposts", Cue::Base),
    ("new military base|outpost|outposts|headquarters", Cue::Base),
    ("siege|sieges|besieged|besieging|besiege|blockade|blockaded|blockading", Cue::Siege),
    ("blocking|blocked", Cue::Siege),
    ("blocking|blocked|blocks|block the|a|all road|roads|bridge|highway|crossing|crossings|route|routes", Cue::Siege),
    ("closed|closing|cut|cutting the|a|all road|roads|bridge|highway|crossing|crossings|route|routes", Cue::Siege),
    ("closed|closing|cut|cutting road|roads|bridge|highway|crossing|crossings|route|routes", Cue::Siege),
    ("cut|cutting off", Cue::Siege),
    ("prevented|preventing|prevent|prevents|prevention of people|civilians|residents", Cue::Siege),
    ("prevented|preventing|prevent|prevents people|civilians|residents", Cue::Siege),
    ("reinforcements|reinforcement|curfew|curfews", Cue::Change),
    // Not trenches, which are dug against floods too.
    ("new fortifications|fortification", Cue::Change),
    ("established|establishing|built|building fortifications|fortification", Cue::Change),
    ("joint patrol|patrols", Cue::Change),
];

/// Every trigger in words `start..end`.
pub fn triggers(toks: &[Token<'_>], start: usize, end: usize) -> Vec<Hit<Cue>> {
    static COMPILED: std::sync::OnceLock<(phrase::Compiled, Vec<Cue>)> = std::sync::OnceLock::new();
    let (table, values) = COMPILED.get_or_init(|| {
        (
            phrase::Compiled::new(TRIGGERS.iter().map(|(p, _)| *p)),
            TRIGGERS.iter().map(|(_, v)| *v).collect(),
        )
    });
    table.find_all(toks, start, end, values)
}

/// Words that open the setting of an event rather than the event: "mortar rounds fell near
/// the hospital amid clashes", "... in Taiz, where fighting has raged".
const SETTING_BEFORE: &[&str] = &["amid", "amidst", "where"];

/// Nouns a fighting word describes rather than reports: "the fighting positions of the
/// Houthis", "battle lines".
const DESCRIBED_AFTER: &[&str] = &[
    "position",
    "positions",
    "line",
    "lines",
    "front",
    "fronts",
    "zone",
    "zones",
    "unit",
    "units",
    "tank",
    "tanks",
    "vehicle",
    "vehicles",
];

/// The hits that name the sentence's event: a fighting word that describes a thing
/// ("fighting positions") names none, and one in the setting of a strike ("mortar rounds
/// fell near the hospital amid clashes") gives way to the strike. The rest of ACLED's
/// precedence is [`classify`]'s.
pub fn foreground(
    toks: &[Token<'_>],
    first: usize,
    end: usize,
    hits: Vec<Hit<Cue>>,
) -> Vec<Hit<Cue>> {
    let describes = |h: &Hit<Cue>| {
        h.value == Cue::Clash
            && h.last + 1 < end
            && DESCRIBED_AFTER.contains(&toks[h.last + 1].lower())
    };
    let in_setting = |h: &Hit<Cue>| {
        h.value == Cue::Clash
            && (first..h.first)
                .rev()
                .take(4)
                .any(|j| SETTING_BEFORE.contains(&toks[j].lower()))
    };
    let strike = |h: &Hit<Cue>| {
        matches!(
            h.value,
            Cue::Explosive | Cue::Bomb | Cue::Air | Cue::Shelling | Cue::Grenade
        )
    };
    let hits: Vec<Hit<Cue>> = hits.into_iter().filter(|h| !describes(h)).collect();
    // ACLED codes shelling "amid clashes" as the clash (measured on its development
    // notes), so a setting gives way only where the strike killed and no side clashed in
    // the sentence's own words: "mortar rounds ... in Taiz, where fighting has raged,
    // killed two people".
    let killed = (first..end).any(|j| matches!(toks[j].lower(), "killed" | "killing"));
    if killed && hits.iter().any(|h| strike(h) && !in_setting(h)) {
        hits.into_iter().filter(|h| !in_setting(h)).collect()
    } else {
        hits
    }
}

/// ACLED precedence, most decisive first: the cue that names the sentence's event.
const PRECEDENCE: &[Cue] = &[
    Cue::Territory,
    Cue::Riot,
    Cue::Mob,
    Cue::Protest,
    Cue::Chemical,
    Cue::Suicide,
    Cue::Clash,
    Cue::Disrupt,
    Cue::Explosive,
    Cue::Bomb,
    Cue::Air,
    Cue::Shelling,
    Cue::Grenade,
    Cue::Abduction,
    Cue::Sexual,
    Cue::Arrest,
    Cue::Kill,
    Cue::Loot,
    Cue::Base,
    Cue::Siege,
    Cue::Change,
];

/// Words for people and things: "captured 3 IS members", "seized weapons" take no
/// territory.
const NOT_TERRITORY: &[&str] = &[
    "member*",
    "fighter*",
    "soldier*",
    "militant*",
    "man",
    "men",
    "civilian*",
    "people",
    "person*",
    "commander*",
    "leader*",
    "officer*",
    "weapon*",
    "ammunition",
    "vehicle*",
    "car",
    "cars",
    "tank*",
    "truck*",
    "equipment",
    "cell",
    "cells",
    "suspect*",
    "prisoner*",
    "elements",
    "arms",
    "goods",
    "smuggler*",
    "him",
    "them",
    "her",
    "launcher*",
    "handful",
    "rocket*",
    "missile*",
    "drone*",
    "individual*",
    "fuel",
    "oil",
    "money",
];

/// Nouns for places taken: "captured the village", "seized a hill".
const PLACE_NOUNS: &[&str] = &[
    "village*",
    "town*",
    "city",
    "cities",
    "area*",
    "hill*",
    "neighbo*",
    "district*",
    "region*",
    "position*",
    "point*",
    "base*",
    "checkpoint*",
    "airport",
    "field*",
    "mount*",
    "height*",
    "farm*",
    "road*",
    "highway",
    "bridge",
    "crossing*",
    "camp*",
    "parts",
    "quarter*",
];

fn place_noun(w: &str) -> bool {
    PLACE_NOUNS.iter().any(|p| phrase::word_matches(p, w))
}

/// Does a capture at words `after..` take a place, not people or things?
pub fn takes_territory(toks: &[Token<'_>], after: usize, end: usize) -> bool {
    for (j, t) in toks.iter().enumerate().take(end).skip(after).take(5) {
        let w = t.lower();
        if NOT_TERRITORY.iter().any(|p| phrase::word_matches(p, w)) {
            // "the Omar oil fields", "a tank base": the thing names the place after it.
            let place_after = toks[..end]
                .get(j + 1)
                .is_some_and(|n| place_noun(n.lower()));
            if !place_after {
                return false;
            }
        }
        if place_noun(w) {
            return true;
        }
    }
    true
}

/// What the classifier needs to know about the parties, found by [`super::actors`].
pub struct Parties {
    /// actor1 is the state of the country the report is about.
    pub government_agent: bool,
    /// Who the killing or shooting hit.
    pub victim: Victim,
    /// actor2 is an armed party.
    pub armed_target: bool,
    /// A capture takes a place (not people or things); see [`takes_territory`].
    pub takes_territory: bool,
}

/// The sub-event type of a sentence's asserted triggers and the trigger that names it, or
/// `None` when they name no event on their own (an intervention with no protest, a bare
/// "suicide", a disruption with nothing disrupted).
pub fn classify(
    hits: &[Hit<Cue>],
    parties: impl Fn(&Hit<Cue>) -> Parties,
) -> Option<(SubEventType, &Hit<Cue>)> {
    let has = |c: Cue| hits.iter().find(|h| h.value == c);
    let explosive =
        has(Cue::Explosive).or_else(|| has(Cue::Bomb).filter(|_| has(Cue::Air).is_none()));
    let remote = explosive
        .or_else(|| has(Cue::Air))
        .or_else(|| has(Cue::Shelling))
        .or_else(|| has(Cue::Grenade));
    for &cue in PRECEDENCE {
        let Some(hit) = has(cue) else { continue };
        use SubEventType as S;
        let sub = match cue {
            Cue::Territory => {
                let p = parties(hit);
                if !p.takes_territory {
                    continue;
                }
                if p.government_agent {
                    S::GovernmentRegainsTerritory
                } else {
                    S::NonStateActorOvertakesTerritory
                }
            }
            Cue::Riot => S::ViolentDemonstration,
            Cue::Mob => S::MobViolence,
            Cue::Protest => {
                if has(Cue::Kill).is_some() || has(Cue::Clash).is_some() {
                    S::ExcessiveForceAgainstProtesters
                } else if has(Cue::ProtestIntervention).is_some() || has(Cue::Arrest).is_some() {
                    S::ProtestWithIntervention
                } else {
                    S::PeacefulProtest
                }
            }
            Cue::Chemical => S::ChemicalWeapon,
            Cue::Suicide => match explosive {
                Some(_) => S::SuicideBomb,
                // "blew himself up" names the bombing itself.
                None if hit.last > hit.first => S::SuicideBomb,
                None => continue,
            },
            // "defused an IED", "shot down a drone"; but "airstrikes hit X, and some
            // missiles were intercepted" is the air strike.
            Cue::Disrupt => match remote {
                Some(r) if explosive.is_some() || r.first > hit.first => S::DisruptedWeaponsUse,
                _ => continue,
            },
            Cue::Clash => S::ArmedClash,
            Cue::Explosive => S::RemoteExplosiveLandmineIed,
            Cue::Bomb if has(Cue::Air).is_some() => continue,
            Cue::Bomb => S::RemoteExplosiveLandmineIed,
            Cue::Air => S::AirDroneStrike,
            Cue::Shelling => S::ShellingArtilleryMissileAttack,
            Cue::Grenade => S::Grenade,
            Cue::Abduction => S::AbductionForcedDisappearance,
            Cue::Sexual => S::SexualViolence,
            Cue::Arrest => S::Arrests,
            Cue::Kill => {
                let p = parties(hit);
                match p.victim {
                    Victim::Armed => S::ArmedClash,
                    Victim::Civilian => S::Attack,
                    Victim::Unknown if p.armed_target => S::ArmedClash,
                    Victim::Unknown => S::Attack,
                }
            }
            Cue::Loot => S::LootingPropertyDestruction,
            Cue::Base => S::HeadquartersOrBaseEstablished,
            Cue::Siege => S::Other,
            Cue::Change => S::ChangeToGroupActivity,
            Cue::ProtestIntervention => continue,
        };
        return Some((sub, hit));
    }
    None
}

/// How strongly a cue alone says an event happened, 0..1, for the confidence.
pub fn strength(cue: Cue) -> f64 {
    match cue {
        Cue::Clash | Cue::Explosive | Cue::Bomb | Cue::Air | Cue::Shelling | Cue::Territory => 0.9,
        Cue::Suicide | Cue::Grenade | Cue::Chemical | Cue::Abduction | Cue::Arrest => 0.85,
        Cue::Protest | Cue::Riot | Cue::Mob | Cue::Sexual | Cue::Disrupt => 0.8,
        Cue::Kill | Cue::Loot | Cue::Siege => 0.75,
        Cue::Base | Cue::Change | Cue::ProtestIntervention => 0.6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;

    /// The sub-event type and trigger words of a sentence, with fixed parties.
    fn typed(text: &str, gov: bool, victim: Victim) -> Option<(SubEventType, String)> {
        let toks = tokenize(text);
        let hits = triggers(&toks, 0, toks.len());
        let (sub, hit) = classify(&hits, |_| Parties {
            government_agent: gov,
            victim,
            armed_target: false,
            takes_territory: true,
        })?;
        let words: Vec<&str> = toks[hit.first..=hit.last].iter().map(|t| t.text).collect();
        Some((sub, words.join(" ")))
    }

    fn sub(text: &str) -> Option<SubEventType> {
        typed(text, false, Victim::Unknown).map(|(s, _)| s)
    }

    use SubEventType as S;

    #[test]
    fn remote_violence() {
        assert_eq!(
            typed(
                "Regime warplanes carried out raids on the eastern districts.",
                true,
                Victim::Unknown
            ),
            Some((S::AirDroneStrike, "warplanes".into()))
        );
        assert_eq!(
            sub("A drone strike hit a car on the highway."),
            Some(S::AirDroneStrike)
        );
        assert_eq!(
            sub("Helicopters dropped barrel bombs on the town."),
            Some(S::AirDroneStrike)
        );
        assert_eq!(
            sub("Heavy artillery and mortar shelling hit the old quarter."),
            Some(S::ShellingArtilleryMissileAttack)
        );
        assert_eq!(
            typed(
                "A car bomb went off at the market gate.",
                false,
                Victim::Unknown
            ),
            Some((S::RemoteExplosiveLandmineIed, "car bomb".into()))
        );
        assert_eq!(
            sub("An IED exploded as a patrol passed."),
            Some(S::RemoteExplosiveLandmineIed)
        );
        assert_eq!(
            sub("A suicide car bomb struck the checkpoint."),
            Some(S::SuicideBomb)
        );
        assert_eq!(sub("Gunmen threw a grenade at the shop."), Some(S::Grenade));
        assert_eq!(
            sub("Engineers defused an explosive device found near the school."),
            Some(S::DisruptedWeaponsUse)
        );
    }

    #[test]
    fn battles_and_territory() {
        assert_eq!(
            sub("Clashes erupted between the two groups amid mutual shelling."),
            Some(S::ArmedClash)
        );
        // both sides fire: a battle, not one side's shelling
        assert_eq!(
            sub("An exchange of shelling took place between the army and the rebel factions."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("The army shelled the rebel factions' positions."),
            Some(S::ShellingArtilleryMissileAttack)
        );
        assert_eq!(
            typed(
                "The army regained control of the village after heavy fighting.",
                true,
                Victim::Unknown
            )
            .map(|x| x.0),
            Some(S::GovernmentRegainsTerritory)
        );
        assert_eq!(
            sub("Rebels captured the hill after clashes with the army."),
            Some(S::NonStateActorOvertakesTerritory)
        );
    }

    /// Phrasings of ACLED notes that named no event before.
    #[test]
    fn advances_engagements_and_shots_are_events() {
        assert_eq!(
            sub("JSH forces advanced against YPG fighters near the village."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("Government soldiers attempted to advance against rebel forces."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("JWS forces engaged a group of defected members."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("QSD conducted an operation against IS in the neighbourhood."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("Regime forces exchanged heavy machine gun fire with the factions."),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("HTS made advancements in the area of the Police School."),
            Some(S::NonStateActorOvertakesTerritory)
        );
        assert_eq!(
            sub("Opposition rebels regained the village from regime forces."),
            Some(S::NonStateActorOvertakesTerritory)
        );
        assert_eq!(sub("The shares regained the 1.76 level."), None);
        assert_eq!(
            sub("Residents fired shots on a military vehicle."),
            Some(S::Attack)
        );
        assert_eq!(
            sub("Gunmen attempted to assassinate a commander."),
            Some(S::Attack)
        );
        // no event word: nothing
        assert_eq!(
            sub("The delegation engaged in talks about the crossing."),
            None
        );
        assert_eq!(sub("The arts council is engaging the community."), None);
    }

    #[test]
    fn an_oil_field_is_territory_though_oil_alone_is_not() {
        let toks = tokenize("QSD achieved control over the Omar oil fields.");
        let at = toks.iter().position(|t| t.text == "control").unwrap() + 1;
        assert!(takes_territory(&toks, at, toks.len()));
        let toks = tokenize("QSD seized oil and fuel from the smugglers.");
        let at = toks.iter().position(|t| t.text == "seized").unwrap() + 1;
        assert!(!takes_territory(&toks, at, toks.len()));
    }

    #[test]
    fn killings_depend_on_the_victims() {
        assert_eq!(
            typed("Gunmen shot and killed a farmer.", false, Victim::Civilian).map(|x| x.0),
            Some(S::Attack)
        );
        assert_eq!(
            typed("Gunmen shot and killed a soldier.", false, Victim::Armed).map(|x| x.0),
            Some(S::ArmedClash)
        );
        assert_eq!(
            sub("Militants abducted two aid workers."),
            Some(S::AbductionForcedDisappearance)
        );
        assert_eq!(sub("Police arrested three journalists."), Some(S::Arrests));
    }

    #[test]
    fn protests_riots_and_strategic_developments() {
        assert_eq!(
            sub("Hundreds of people protested in the square."),
            Some(S::PeacefulProtest)
        );
        assert_eq!(
            sub("Police dispersed the protest with tear gas."),
            Some(S::ProtestWithIntervention)
        );
        assert_eq!(
            sub("Guards opened fire on protesters, killing one."),
            Some(S::ExcessiveForceAgainstProtesters)
        );
        assert_eq!(
            sub("Demonstrators burned tires on the main road."),
            Some(S::ViolentDemonstration)
        );
        assert_eq!(
            sub("The 500-day siege of the city continues."),
            Some(S::Other)
        );
        assert_eq!(
            typed(
                "Militants keep blocking the bridge, preventing people from crossing.",
                false,
                Victim::Unknown
            ),
            Some((S::Other, "blocking the bridge".into()))
        );
        assert_eq!(
            sub("Fighters looted shops in the market."),
            Some(S::LootingPropertyDestruction)
        );
        assert_eq!(sub("The weather was fine."), None);
    }
}
