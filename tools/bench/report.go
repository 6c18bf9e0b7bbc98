package main

import (
	"fmt"
	"io"
	"time"
)

// printTable writes the results as a Markdown table, each endpoint's throughput also as a share
// of the two ceilings.
func printTable(w io.Writer, httpTop, dbTop result, rows []result) {
	fmt.Fprintln(w, "| load | req/s | p50 | p99 | of HTTP ceiling | of DB ceiling |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	line := func(r result) {
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %.0f%% | %.0f%% |\n", r.name, r.rps, ms(r.p50), ms(r.p99), 100*r.rps/httpTop.rps, 100*r.rps/dbTop.rps)
	}
	line(httpTop)
	line(dbTop)
	for _, r := range rows {
		line(r)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
