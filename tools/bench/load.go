package main

import (
	"bytes"
	"fmt"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// result is one row of the table.
type result struct {
	name     string
	rps      float64
	p50, p99 time.Duration
	failures string // the first unexpected answer, if any
}

// loadSettings is how hard and how long each endpoint is driven.
type loadSettings struct {
	connections int
	warmup      time.Duration
	duration    time.Duration
}

// drive sends e's calls to baseURL as fast as the connections allow: a warm-up whose results
// are dropped, then the measured run. Every answer must carry the call's expected status.
func drive(baseURL string, e endpoint, s loadSettings) result {
	targeter := func(t *vegeta.Target) error {
		c := e.next()
		t.Method, t.URL, t.Header, t.Body = c.method, baseURL+c.path, c.header, []byte(c.body)
		return nil
	}
	// An attacker serves one attack: a finished one returns at once when asked again.
	attacker := func() *vegeta.Attacker {
		return vegeta.NewAttacker(vegeta.Workers(uint64(s.connections)), vegeta.MaxWorkers(uint64(s.connections)),
			vegeta.Connections(s.connections), vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second), vegeta.Redirects(vegeta.NoFollow))
	}
	unlimited := vegeta.Rate{Freq: 0}
	for range attacker().Attack(targeter, unlimited, s.warmup, e.name+" warm-up") {
	}
	want := e.next().want // every call of an endpoint expects the same status
	var m vegeta.Metrics
	var failure string
	for res := range attacker().Attack(targeter, unlimited, s.duration, e.name) {
		m.Add(res)
		if int(res.Code) != want && failure == "" {
			failure = fmt.Sprintf("%d %s %s", res.Code, res.Error, bytes.TrimSpace(res.Body))
		}
	}
	m.Close()
	// Every answer counts (Throughput would drop the 404s the denied and miss loads expect).
	answered := float64(m.Requests) / (m.Duration + m.Wait).Seconds()
	return result{name: e.name, rps: answered, p50: m.Latencies.P50, p99: m.Latencies.P99, failures: failure}
}
