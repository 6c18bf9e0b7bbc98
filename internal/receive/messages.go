package receive

import "strings"

// Message is a line post_receive returns for Gitaly to print to the pusher: basic messages
// verbatim, alerts as a banner.
type Message struct {
	Text  string
	Alert bool
}

// messages collects a response's messages as GitLab's InternalPostReceive::Response does:
// alerts go first, each new one before the others; basic messages go last, in order; blank
// texts are dropped.
type messages []Message

func (m *messages) alert(text string) {
	if !blank(text) {
		*m = append([]Message{{Text: text, Alert: true}}, *m...)
	}
}

func (m *messages) basic(text string) {
	if !blank(text) {
		*m = append(*m, Message{Text: text})
	}
}

// blank is Rails' String#blank?: empty or whitespace only.
func blank(s string) bool { return strings.TrimSpace(s) == "" }
