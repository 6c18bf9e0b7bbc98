package accesstoken

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate_AcceptsTheFormsPeopleWrite(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"ISO", "2020-07-24", "2020-07-24"},
		{"ISO without leading zeros", "2020-7-4", "2020-07-04"},
		{"ISO with a time", "2020-07-24T13:45:00Z", "2020-07-24"},
		{"ISO with a time after a space", "2020-07-24 13:45:00 +0200", "2020-07-24"},
		{"slashes, year first", "2020/07/24", "2020-07-24"},
		{"digits only", "20200724", "2020-07-24"},
		{"digits with a time", "20200724T134500", "2020-07-24"},
		{"day, abbreviated month, year", "24 Jul 2020", "2020-07-24"},
		{"day, full month, year", "24 July 2020", "2020-07-24"},
		{"dashes", "24-Jul-2020", "2020-07-24"},
		{"ordinal day and a comma", "24th July, 2020", "2020-07-24"},
		{"month first", "Jul 24 2020", "2020-07-24"},
		{"month first with a comma", "July 24, 2020", "2020-07-24"},
		{"month first with an ordinal", "Jul 24th 2020", "2020-07-24"},
		{"a four-letter abbreviation", "1 Sept 2020", "2020-09-01"},
		{"a weekday first", "Fri, 24 Jul 2020", "2020-07-24"},
		{"a full weekday, then month first", "Friday July 24 2020", "2020-07-24"},
		{"RFC 1123, as scripts format dates", "Fri, 24 Jul 2020 10:00:00 GMT", "2020-07-24"},
		{"any case and surrounding whitespace", "  24 JUL 2020 ", "2020-07-24"},
		{"a leap day that exists", "2024-02-29", "2024-02-29"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseDate(tc.text)
			require.True(t, ok, tc.text)
			assert.Equal(t, tc.want, got.Format(time.DateOnly))
			assert.Equal(t, time.UTC, got.Location())
			assert.Zero(t, got.Hour())
		})
	}
}

func TestParseDate_RejectsNonDatesAndTheFormsRubyReadsAmbiguously(t *testing.T) {
	for name, text := range map[string]string{
		"empty":                        "",
		"words":                        "next friday",
		"a month that does not exist":  "2020-13-01",
		"a day that does not exist":    "2021-02-29",
		"day zero":                     "2020-07-00",
		"an unknown month name":        "24 Jux 2020",
		"a two-letter month":           "24 Ju 2020",
		"a two-digit year":             "24 Jul 20",
		"day-first digits":             "24/07/2020",
		"dots":                         "24.07.2020",
		"nine digits":                  "202007241",
		"text glued to the date":       "2020-07-24x",
		"a weekday alone":              "Friday",
		"a year alone":                 "2020",
		"a month and day run together": "Jul 242020",
	} {
		t.Run(name, func(t *testing.T) {
			_, ok := parseDate(text)
			assert.False(t, ok, text)
		})
	}
}
