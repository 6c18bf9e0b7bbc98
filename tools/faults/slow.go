package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Slow anonymous clients: connections that send a request to /internal/allowed a byte a second
// and carry no credential. Each is one of three kinds, in turn:
//   - headers: the request line and headers themselves come a byte a second;
//   - json: the headers at once (Content-Type application/json, no credential), then the body a
//     byte a second;
//   - form: the same with a form body, which might carry the seed's secret_token parameter.
var slowKinds = []string{"headers", "json", "form"}

// slowBodyLength is the body the slow clients announce; they never send all of it.
const slowBodyLength = 4096

type slowOutcome struct {
	kind    string
	outcome string // "answered 401", "closed without an answer", "still open at the end", "dial: …"
	lasted  time.Duration
}

type slowSummary struct {
	connections int
	byKind      map[string]map[string]int
	longest     map[string]time.Duration // longest a connection lasted until glia ended it, per kind
}

// runSlowClients keeps n slow connections open against addr until ctx ends, opening a new one
// whenever glia ends one (each of the n at most once a second).
func runSlowClients(ctx context.Context, addr string, n int) *slowSummary {
	var mu sync.Mutex
	var outcomes []slowOutcome
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			kind := slowKinds[i%len(slowKinds)]
			for ctx.Err() == nil {
				// At most one connection a second from each: a slow client, not a flood.
				next := time.Now().Add(time.Second)
				o := slowClient(ctx, addr, kind)
				mu.Lock()
				outcomes = append(outcomes, o)
				mu.Unlock()
				_ = sleep(ctx, time.Until(next))
			}
		}()
	}
	wg.Wait()
	s := &slowSummary{connections: len(outcomes), byKind: map[string]map[string]int{}, longest: map[string]time.Duration{}}
	for _, o := range outcomes {
		if s.byKind[o.kind] == nil {
			s.byKind[o.kind] = map[string]int{}
		}
		s.byKind[o.kind][o.outcome]++
		if o.outcome != "still open at the end" && o.lasted > s.longest[o.kind] {
			s.longest[o.kind] = o.lasted
		}
	}
	return s
}

// slowClient is one slow connection: it dribbles its request until glia answers or closes the
// connection, or ctx ends.
func slowClient(ctx context.Context, addr, kind string) slowOutcome {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return slowOutcome{kind: kind, outcome: "dial: " + transportKind(err), lasted: time.Since(start)}
	}
	defer conn.Close()
	head := fmt.Sprintf("POST /api/v4/internal/allowed HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", addr, slowBodyLength)
	var rest string
	switch kind {
	case "headers":
		rest = head + "Content-Type: application/json\r\n\r\n" + strings.Repeat(" ", slowBodyLength)
	case "json":
		head += "Content-Type: application/json\r\n\r\n"
		rest = `{"action":"git-receive-pack","project":"gnuwget/wget","protocol":"ssh","key_id":"7"` + strings.Repeat(" ", slowBodyLength)
	case "form":
		head += "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
		rest = "action=git-receive-pack&project=gnuwget/wget&protocol=ssh&key_id=7&changes=" + strings.Repeat("x", slowBodyLength)
	}
	if kind != "headers" {
		if _, err := conn.Write([]byte(head)); err != nil {
			return slowOutcome{kind: kind, outcome: "closed without an answer", lasted: time.Since(start)}
		}
	}
	answered := make(chan string, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- "closed without an answer"
			return
		}
		resp.Body.Close()
		answered <- fmt.Sprintf("answered %d", resp.StatusCode)
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; ; i++ {
		if i < len(rest) {
			if _, err := conn.Write([]byte{rest[i]}); err != nil {
				select {
				case outcome := <-answered:
					return slowOutcome{kind: kind, outcome: outcome, lasted: time.Since(start)}
				case <-time.After(time.Second):
					return slowOutcome{kind: kind, outcome: "closed without an answer", lasted: time.Since(start)}
				}
			}
		}
		select {
		case outcome := <-answered:
			return slowOutcome{kind: kind, outcome: outcome, lasted: time.Since(start)}
		case <-ctx.Done():
			return slowOutcome{kind: kind, outcome: "still open at the end", lasted: time.Since(start)}
		case <-tick.C:
		}
	}
}

func (s *slowSummary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d slow connections in all", s.connections)
	for _, kind := range slowKinds {
		byOutcome := s.byKind[kind]
		if len(byOutcome) == 0 {
			continue
		}
		var parts []string
		for outcome, n := range byOutcome {
			parts = append(parts, fmt.Sprintf("%s ×%d", outcome, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(&b, "; %s: %s", kind, strings.Join(parts, ", "))
		if d := s.longest[kind]; d > 0 {
			fmt.Fprintf(&b, " (ended by glia after %s at most)", d.Round(100*time.Millisecond))
		}
	}
	return b.String()
}
