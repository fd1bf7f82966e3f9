//! Service-time clocks: when a step is due, from its standard time, the SOP's time rule,
//! the office's working calendar and any pauses (waiting for the family, the police letter,
//! the UPT). Pure functions, so the rules are tested without a database.
use std::collections::HashSet;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};

use crate::rules::sop::{StandardTime, TimeRule};

/// An office's working calendar (DESIGN.md: Monday–Friday 07:30–16:00 local, minus holidays).
#[derive(Clone, Debug)]
pub struct WorkingCalendar {
    pub offset: FixedOffset,
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    pub holidays: HashSet<NaiveDate>,
}

impl WorkingCalendar {
    /// WIB (UTC+7), 07:30–16:00, Monday to Friday.
    pub fn wib(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            offset: FixedOffset::east_opt(7 * 3600).expect("valid offset"),
            day_start: NaiveTime::from_hms_opt(7, 30, 0).expect("valid time"),
            day_end: NaiveTime::from_hms_opt(16, 0, 0).expect("valid time"),
            holidays: holidays.into_iter().collect(),
        }
    }

    fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// Minutes in one working day: what "1 hari" means under the working-days rule.
    pub fn minutes_per_day(&self) -> i64 {
        (self.day_end - self.day_start).num_minutes()
    }

    /// The periods of `day` (local) whose time counts under `rule`.
    fn counted(&self, day: NaiveDate, rule: TimeRule) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let local = |t: NaiveTime| {
            self.offset
                .from_local_datetime(&day.and_time(t))
                .single()
                .map(|d| d.with_timezone(&Utc))
        };
        match rule {
            TimeRule::WorkingDays if !self.is_working_day(day) => None,
            TimeRule::WorkingDays => Some((local(self.day_start)?, local(self.day_end)?)),
            _ => Some((
                local(NaiveTime::MIN)?,
                local(NaiveTime::MIN)? + Duration::days(1),
            )),
        }
    }
}

/// A pause of the clock: from, and until (None while it lasts).
pub type Pause = (DateTime<Utc>, Option<DateTime<Utc>>);

/// When a step started at `start` is due; `None` when it has no standard time or its clock
/// is paused right now (it resumes where it stopped once the pause ends).
pub fn due_at(
    start: DateTime<Utc>,
    standard: Option<StandardTime>,
    rule: TimeRule,
    cal: &WorkingCalendar,
    pauses: &[Pause],
) -> Option<DateTime<Utc>> {
    let standard = standard?;
    if pauses.iter().any(|(_, until)| until.is_none()) {
        return None;
    }
    // Counted in milliseconds, so a short pause shifts the due time by exactly its length.
    let mut budget = 60_000
        * match (standard, rule) {
            (StandardTime::Minutes(m), _) => i64::from(m),
            (StandardTime::Days(d), TimeRule::WorkingDays) => {
                (d * cal.minutes_per_day() as f64).round() as i64
            }
            (StandardTime::Days(d), _) => (d * 24.0 * 60.0).round() as i64,
        };
    let mut day = start.with_timezone(&cal.offset).date_naive();
    // Ten years of days is more than any standard time; the bound only guards the loop.
    for _ in 0..3660 {
        if let Some((from, to)) = cal.counted(day, rule) {
            let mut cursor = from.max(start);
            while cursor < to {
                // The next pause that overlaps [cursor, to).
                let next_pause = pauses
                    .iter()
                    .filter_map(|(p_from, p_to)| p_to.map(|p_to| (*p_from, p_to)))
                    .filter(|(p_from, p_to)| *p_to > cursor && *p_from < to)
                    .min_by_key(|(p_from, _)| *p_from);
                let run_end = next_pause.map_or(to, |(p_from, _)| p_from.max(cursor));
                let available = (run_end - cursor).num_milliseconds();
                if budget <= available {
                    return Some(cursor + Duration::milliseconds(budget));
                }
                budget -= available.max(0);
                cursor = match next_pause {
                    Some((_, p_to)) => p_to.min(to).max(run_end),
                    None => to,
                };
            }
        }
        day = day.succ_opt()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Local WIB time as UTC.
    fn wib(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn cal() -> WorkingCalendar {
        // Friday 25 December 2026: Hari Raya Natal.
        WorkingCalendar::wib([NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()])
    }

    #[test]
    fn calendar_time_runs_through_nights_and_weekends() {
        // Seed 000 step 3: 6½ days from Friday 09:00.
        let due = due_at(
            wib(2026, 11, 20, 9, 0),
            Some(StandardTime::Days(6.5)),
            TimeRule::Calendar,
            &cal(),
            &[],
        );
        assert_eq!(due, Some(wib(2026, 11, 26, 21, 0)));
    }

    #[test]
    fn a_working_day_skips_the_weekend() {
        // Seed 004 step 4: "1 hari" from Friday 14:00 → Monday 14:00 (8.5 working hours).
        let due = due_at(
            wib(2026, 11, 20, 14, 0),
            Some(StandardTime::Days(1.0)),
            TimeRule::WorkingDays,
            &cal(),
            &[],
        );
        assert_eq!(due, Some(wib(2026, 11, 23, 14, 0)));
    }

    #[test]
    fn working_minutes_skip_the_night_the_weekend_and_a_holiday() {
        // 60 minutes from Thursday 24 Dec 15:30: 30 that day, Friday 25 Dec is Natal,
        // Saturday and Sunday do not count → Monday 28 Dec 08:00.
        let due = due_at(
            wib(2026, 12, 24, 15, 30),
            Some(StandardTime::Minutes(60)),
            TimeRule::WorkingDays,
            &cal(),
            &[],
        );
        assert_eq!(due, Some(wib(2026, 12, 28, 8, 0)));
        // Started before office hours, the clock starts at 07:30.
        let due = due_at(
            wib(2026, 11, 23, 6, 0),
            Some(StandardTime::Minutes(10)),
            TimeRule::WorkingDays,
            &cal(),
            &[],
        );
        assert_eq!(due, Some(wib(2026, 11, 23, 7, 40)));
    }

    #[test]
    fn a_pause_stops_the_clock_and_it_resumes_where_it_stopped() {
        let start = wib(2026, 11, 23, 8, 0);
        let standard = Some(StandardTime::Minutes(120));
        // Paused now: no due time.
        let open = [(wib(2026, 11, 23, 9, 0), None)];
        assert_eq!(
            due_at(start, standard, TimeRule::WorkingDays, &cal(), &open),
            None
        );
        // Paused 09:00 → next day 10:00: 60 minutes ran before, 60 remain from 10:00.
        let closed = [(wib(2026, 11, 23, 9, 0), Some(wib(2026, 11, 24, 10, 0)))];
        assert_eq!(
            due_at(start, standard, TimeRule::WorkingDays, &cal(), &closed),
            Some(wib(2026, 11, 24, 11, 0))
        );
        // Under calendar time the pause simply adds its length.
        assert_eq!(
            due_at(start, standard, TimeRule::Calendar, &cal(), &closed),
            Some(wib(2026, 11, 24, 11, 0))
        );
    }

    #[test]
    fn a_step_without_a_time_has_no_due_time() {
        assert_eq!(
            due_at(
                wib(2026, 11, 23, 8, 0),
                None,
                TimeRule::MinutesAsWritten,
                &cal(),
                &[]
            ),
            None
        );
    }
}
