//! Judges what a store answered against one branch of the model: the checks of a data
//! store case that depend on readings.

use std::collections::BTreeMap;

use storage_traits::RecordValue;

use super::ask::Ask;
use super::kind::DataStoreKind;
use super::model::DataStoreModel;
use super::readings::LOAD_ALL_REPEATS;
use super::rules;
use crate::failure::Violation;
use crate::property::Rule;
use crate::readings::Stop;

/// A load made to look at a store with nothing queued, or at a flushed key.
#[derive(Debug, Clone)]
pub struct SettledLoad {
    /// The map loaded from.
    pub map: String,
    /// The key loaded.
    pub key: String,
    /// What `is_loadable` said just before.
    pub loadable: bool,
    /// What `load` returned.
    pub loaded: Option<RecordValue>,
}

/// What a step observed of the store, to judge once the model has taken the step.
#[derive(Debug)]
pub enum Observed<'a> {
    /// Nothing the property checks.
    Nothing,
    /// `is_loadable(key)`, then `load(map, key)`.
    Load {
        /// The map.
        map: &'a str,
        /// The key.
        key: &'a str,
        /// What `is_loadable` said.
        loadable: bool,
        /// What `load` returned.
        loaded: Option<RecordValue>,
    },
    /// `is_loadable` of each key, then `load_all(map, keys)`.
    LoadAll {
        /// The map.
        map: &'a str,
        /// The keys asked for.
        keys: &'a [String],
        /// What `is_loadable` said of each key.
        loadable: BTreeMap<&'a str, bool>,
        /// What `load_all` returned.
        loaded: Vec<(String, RecordValue)>,
    },
    /// What `soft_flush` returned.
    SoftFlush(u64),
    /// After a hard flush, a reset or a reopen (`rule` is the op's): the pending count
    /// and every written key loaded.
    Settled {
        /// The rule of the op.
        rule: Rule,
        /// `pending_operation_count`.
        pending: u64,
        /// Every written key, loaded.
        loads: Vec<SettledLoad>,
    },
    /// After `flush_key`: the pending count and the key loaded.
    FlushedKey {
        /// `pending_operation_count`.
        pending: u64,
        /// The flushed key, loaded.
        load: SettledLoad,
    },
}

/// The judge of one step.
#[derive(Debug)]
pub struct Judge<'a> {
    /// The step's index.
    pub step: usize,
    /// The kit's clock after the step.
    pub now: i64,
    /// The options of [`super::readings::QUEUED_LOADS`] the run accepts.
    pub queued_loads: &'a [&'static str],
}

impl Judge<'_> {
    /// Judges `observed` on a branch whose model has taken the step, asking its
    /// readings with `update` (which asked what the step's change needed).
    pub fn observed(
        &self,
        model: &mut DataStoreModel,
        update: &Ask<'_>,
        observed: &Observed<'_>,
    ) -> Result<(), Stop> {
        match observed {
            Observed::Nothing => Ok(()),
            Observed::Load {
                map,
                key,
                loadable,
                loaded,
            } => {
                let ask = update.anew();
                self.load(
                    model,
                    &ask,
                    (map, key),
                    *loadable,
                    loaded.as_ref(),
                    rules::LOAD,
                )
            }
            Observed::LoadAll {
                map,
                keys,
                loadable,
                loaded,
            } => self.load_all(model, update, (map, keys), loadable, loaded),
            Observed::SoftFlush(number) => {
                let ask = update.anew();
                let empty = model.queue_is_empty();
                match model.soft.soft_flushed(*number, empty, &ask)? {
                    Ok(()) => Ok(()),
                    Err(allowed) => {
                        let rule = ask.rule(rules::SOFT_FLUSH_NUMBER);
                        let expected = format_args!("{allowed}");
                        Err(Violation::at(self.step, rule, expected, number).into())
                    }
                }
            }
            Observed::Settled {
                rule,
                pending,
                loads,
            } => {
                let settled = format_args!("0 (nothing is queued)");
                // A null store's pending count is not checked: the spec says nothing of
                // it, and a no-op store's answer harms nobody.
                let null = model.kind() == DataStoreKind::Null;
                if *pending != 0 && !null {
                    return Err(Violation::at(self.step, *rule, settled, pending).into());
                }
                for load in loads {
                    self.settled_load(model, update, load, *rule)?;
                }
                Ok(())
            }
            Observed::FlushedKey { pending, load } => {
                self.pending(model, &update.anew(), *pending, rules::FLUSH_KEY)?;
                self.settled_load(model, update, load, rules::FLUSH_KEY)
            }
        }
    }

    fn settled_load(
        &self,
        model: &DataStoreModel,
        update: &Ask<'_>,
        load: &SettledLoad,
        rule: Rule,
    ) -> Result<(), Stop> {
        // What the step's change asked decides what the key loads now.
        let ask = Ask::after(update);
        let address = (load.map.as_str(), load.key.as_str());
        self.load(
            model,
            &ask,
            address,
            load.loadable,
            load.loaded.as_ref(),
            rule,
        )
    }

    /// Checks `count`, what `pending_operation_count` returned, against what the
    /// branch allows; a mismatch breaks `spec` unless a reading decided the count.
    pub fn pending(
        &self,
        model: &DataStoreModel,
        ask: &Ask<'_>,
        count: u64,
        spec: Rule,
    ) -> Result<(), Stop> {
        let (lo, hi) = model.pending(ask)?;
        if (lo..=hi).contains(&count) {
            return Ok(());
        }
        let expected = if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo} to {hi}")
        };
        let rule = ask.rule(spec);
        Err(Violation::at(self.step, rule, format_args!("{expected}"), count).into())
    }

    /// Whether the load of `key` is checked: a key with nothing queued must be
    /// loadable; a queued one may be loadable or not, as the run's
    /// [`super::readings::QUEUED_LOADS`] options allow, and is not checked when not.
    fn loadable(&self, model: &DataStoreModel, key: &str, loadable: bool) -> Result<bool, Stop> {
        if model.kind() == DataStoreKind::Null {
            // A no-op store has nothing to keep from loads: they are always checked.
            return Ok(true);
        }
        if !model.queued_key(key) {
            if loadable {
                return Ok(true);
            }
            let expected = format_args!("is_loadable({key:?}) == true (nothing is queued for it)");
            return Err(Violation::at(self.step, rules::LOADABLE, expected, false).into());
        }
        let option = if loadable { "served" } else { "unloadable" };
        if self.queued_loads.contains(&option) {
            return Ok(loadable);
        }
        let expected = format_args!(
            "is_loadable({key:?}) == {} (it has a queued write)",
            !loadable
        );
        Err(Violation::at(self.step, rules::QUEUED_LOADS, expected, loadable).into())
    }

    fn load(
        &self,
        model: &DataStoreModel,
        ask: &Ask<'_>,
        (map, key): (&str, &str),
        loadable: bool,
        loaded: Option<&RecordValue>,
        spec: Rule,
    ) -> Result<(), Stop> {
        if !self.loadable(model, key, loadable)? {
            return Ok(());
        }
        let expected = model.load(map, key, self.now, ask)?;
        if expected.allows(loaded) {
            return Ok(());
        }
        let rule = if model.kind() == DataStoreKind::Null {
            rules::NULL_LOADS_NOTHING
        } else {
            ask.rule(spec)
        };
        let expected = format_args!("{expected:?} for key {key:?} of map {map:?}");
        Err(Violation::at(self.step, rule, expected, loaded).into())
    }

    fn load_all(
        &self,
        model: &DataStoreModel,
        update: &Ask<'_>,
        (map, keys): (&str, &[String]),
        loadable: &BTreeMap<&str, bool>,
        loaded: &[(String, RecordValue)],
    ) -> Result<(), Stop> {
        if model.kind() == DataStoreKind::Null && !loaded.is_empty() {
            let rule = rules::NULL_LOADS_NOTHING;
            return Err(Violation::at(self.step, rule, Vec::<()>::new(), loaded).into());
        }
        if loaded.iter().any(|(key, _)| !keys.contains(key)) {
            let expected = format_args!("only keys of {keys:?}");
            return Err(Violation::at(self.step, rules::LOAD_ALL, expected, loaded).into());
        }
        let mut named: BTreeMap<&str, usize> = BTreeMap::new();
        for key in keys {
            *named.entry(key).or_default() += 1;
        }
        for (key, times) in named {
            let asked_loadable = loadable.get(key).copied().unwrap_or(true);
            if !self.loadable(model, key, asked_loadable)? {
                continue;
            }
            let ask = update.anew();
            let expected = model.load(map, key, self.now, &ask)?;
            let returned: Vec<&RecordValue> = loaded
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, value)| value)
                .collect();
            let allowed = returned.iter().all(|value| expected.allows(Some(value)));
            if !allowed || (returned.is_empty() && expected.required()) {
                let rule = ask.rule(rules::LOAD_ALL);
                let expected = format_args!("{expected:?} for key {key:?} of map {map:?}");
                return Err(Violation::at(self.step, rule, expected, loaded).into());
            }
            if returned.is_empty() {
                continue;
            }
            let once = returned.len() == 1;
            let holds = if times == 1 {
                once
            } else if ask.is(&LOAD_ALL_REPEATS, "as_asked")? {
                returned.len() == times
            } else {
                once
            };
            if !holds {
                let rule = rules::LOAD_ALL_REPEATS;
                let expected =
                    format_args!("{key:?} returned as the reading says (named {times} times)");
                return Err(Violation::at(self.step, rule, expected, loaded).into());
            }
        }
        Ok(())
    }
}
