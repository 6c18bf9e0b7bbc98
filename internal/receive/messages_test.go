package receive

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMessages_AlertsArePrependedBasicsAppendedBlanksDropped(t *testing.T) {
	var m messages
	m.basic("first basic")
	m.alert("first alert")
	m.basic("")
	m.alert(" \n\t")
	m.basic("second basic")
	m.alert("second alert")
	assert.Equal(t, []Message{
		{Text: "second alert", Alert: true},
		{Text: "first alert", Alert: true},
		{Text: "first basic"},
		{Text: "second basic"},
	}, []Message(m))
}
