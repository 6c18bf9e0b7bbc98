package reconciliations

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseDate_ReadsTheSpellingsCustomersDotAndTheSeedUse(t *testing.T) {
	want := time.Date(2021, 6, 13, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2021-06-13", "20210613", "2021/06/13", "13 Jun 2021", "13 jun 2021", "13 June 2021",
		"13-Jun-2021", "Jun 13 2021", "June 13, 2021", "Sun, 13 Jun 2021", "2021-06-13T10:00:00Z"} {
		got, ok := ParseDate(s)
		assert.True(t, ok, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "soon", "2021-02-30", "31 Jun 2021", "13/06/2021", "2021-6-13x"} {
		_, ok := ParseDate(s)
		assert.False(t, ok, s)
	}
}
