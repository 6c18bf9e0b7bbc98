package accesstoken

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateForms are tried in order; each is anchored and must end at the end of the text or before
// a "t" (ISO 8601's time separator) or whitespace.
var dateForms = func() []*regexp.Regexp {
	const end = `(?:$|[t\s])`
	const ordinal = `(?:st|nd|rd|th)?`
	forms := []string{
		`^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})` + end,
		`^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})` + end,
		`^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})` + end,
		`^(?P<d>\d{1,2})` + ordinal + `[\s-]+(?P<month>[a-z]+)\.?,?[\s-]+(?P<y>\d{4})` + end,
		`^(?P<month>[a-z]+)\.?[\s-]+(?P<d>\d{1,2})` + ordinal + `(?:,\s*|\s+)(?P<y>\d{4})` + end,
	}
	res := make([]*regexp.Regexp, len(forms))
	for i, f := range forms {
		res[i] = regexp.MustCompile(f)
	}
	return res
}()

// leadingWeekday is a weekday name before the date, which Date.parse skips.
var leadingWeekday = regexp.MustCompile(`^([a-z]+)\.?,?\s+`)

var (
	monthNames = []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	weekdayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
)

// parseDate reads an expiry date and returns it as midnight UTC. GitLab reads expires_at with
// Ruby's Date.parse, which finds a date in almost any text; glia accepts the forms people and
// scripts actually write, case-insensitively, after an optional weekday name ("Fri, 24 Jul 2020"):
//
//	2020-07-24   2020-7-4   2020/07/24   20200724
//	24 Jul 2020  24-Jul-2020  24th July, 2020
//	Jul 24 2020  July 24, 2020  Jul 24th 2020
//
// Month and weekday names may be abbreviated to three letters or more ("Sept"). Whatever follows
// the date after a "T" or whitespace (a time, a zone) is ignored, as Date.parse ignores it.
// The date must exist (2021-02-29 does not). Two-digit years, day-first numeric dates
// (24/07/2020) and relative words (tomorrow) are not accepted: Ruby reads them in surprising ways
// or not at all.
func parseDate(text string) (time.Time, bool) {
	s := strings.ToLower(strings.TrimSpace(text))
	if m := leadingWeekday.FindStringSubmatch(s); m != nil && nameIndex(weekdayNames, m[1]) >= 0 {
		s = s[len(m[0]):]
	}
	for _, form := range dateForms {
		m := form.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		var y, mon, d int
		for i, name := range form.SubexpNames() {
			switch name {
			case "y":
				y, _ = strconv.Atoi(m[i])
			case "m":
				mon, _ = strconv.Atoi(m[i])
			case "d":
				d, _ = strconv.Atoi(m[i])
			case "month":
				mon = nameIndex(monthNames, m[i]) + 1
			}
		}
		return calendarDate(y, mon, d)
	}
	return time.Time{}, false
}

// nameIndex finds the name that word abbreviates (at least three letters), or -1.
func nameIndex(names []string, word string) int {
	if len(word) < 3 {
		return -1
	}
	for i, n := range names {
		if strings.HasPrefix(n, word) {
			return i
		}
	}
	return -1
}

// calendarDate is the date y-m-d if it exists.
func calendarDate(y, m, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
