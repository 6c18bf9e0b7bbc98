package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// report makes the final check — every acknowledged push recorded exactly once — and prints the
// tables. lost says whether a push was missing or recorded more than once.
func (h *harness) report(ctx context.Context, runStart time.Time) (lost bool, err error) {
	var acked, unacked []string
	for _, p := range h.phases {
		acked = append(acked, p.acked...)
		unacked = append(unacked, p.unacked...)
	}
	_, recorded, missing, err := awaitRecorded(ctx, h.dbURL, acked, h.s.drainMax)
	if err != nil {
		// The figures are printed all the same; what was recorded is unknown.
		h.problems = append(h.problems, "the push events could not be counted: "+err.Error())
		recorded, missing = nil, nil
	}
	counted := err == nil
	count := func(n int) string {
		if !counted {
			return "?"
		}
		return fmt.Sprint(n)
	}
	var duplicates []string
	for b, n := range recorded {
		if n > 1 {
			duplicates = append(duplicates, b)
		}
	}
	sort.Strings(duplicates)
	known := map[string]bool{}
	for _, b := range acked {
		known[b] = true
	}
	unackedRecorded := 0
	for _, b := range unacked {
		known[b] = true
		if recorded[b] > 0 {
			unackedRecorded++
		}
	}
	stray := 0
	for b := range recorded {
		if !known[b] {
			stray++
		}
	}

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "\n%s; machine: %s. %d workers, %d pushes/s at most, client timeout %s, %s of steady load around each fault; run took %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), h.s.workers, h.s.rate, h.s.timeout, h.s.steady, time.Since(runStart).Round(time.Second))

	fmt.Fprintln(w, "| phase | requests | /allowed answers | /post_receive answers | no answer | latency p50 / p99 / max | recovery |")
	fmt.Fprintln(w, "|---|---:|---|---|---|---|---:|")
	for _, p := range h.phases {
		p.mu.Lock()
		lat := sortedCopy(p.latencies)
		recovery := "—"
		switch {
		case p.recovered && p.fault == "no fault":
			recovery = "(no fault)"
		case p.recovered:
			recovery = fmt.Sprintf("%.2f s", p.recovery.Seconds())
		case !p.faultEnd.IsZero():
			recovery = "none within " + h.s.phaseMax.String()
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s / %s / %s | %s |\n", p.name, p.requests(),
			statuses(p.status[epAllowed]), statuses(p.status[epPostReceive]), transportErrors(p.transport),
			ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), ms(percentile(lat, 1)), recovery)
		p.mu.Unlock()
	}

	fmt.Fprintln(w, "\n| phase | pushes acknowledged (post_receive 200) | recorded once | missing | recorded more than once | post_receive not 200 but recorded | after the phase, with no load |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|")
	var totalOnce, totalMissing, totalDup, totalUnackedRec int
	for _, p := range h.phases {
		once, miss, dup, unackRec := 0, 0, 0, 0
		for _, b := range p.acked {
			switch n := recorded[b]; {
			case n == 0:
				miss++
			case n == 1:
				once++
			default:
				dup++
			}
		}
		for _, b := range p.unacked {
			if n := recorded[b]; n > 0 {
				unackRec++
				if n > 1 {
					dup++
				}
			}
		}
		totalOnce, totalMissing, totalDup, totalUnackedRec = totalOnce+once, totalMissing+miss, totalDup+dup, totalUnackedRec+unackRec
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s of %d | %s |\n", p.name, len(p.acked), count(once), count(miss), count(dup),
			count(unackRec), len(p.unacked), p.drain)
	}
	fmt.Fprintf(w, "| **all** | **%d** | **%s** | **%s** | **%s** | %s of %d | |\n", len(acked), count(totalOnce), count(totalMissing),
		count(totalDup), count(totalUnackedRec), len(unacked))

	fmt.Fprintln(w, "\nWhat happened in each phase:")
	for _, p := range h.phases {
		p.mu.Lock()
		fmt.Fprintf(w, "- %s (%s; %s of load):", p.name, p.fault, p.ended.Sub(p.started).Round(100*time.Millisecond))
		for _, n := range p.notes {
			fmt.Fprintf(w, " %s.", n)
		}
		if p.noRetryAfter > 0 {
			fmt.Fprintf(w, " %d answers 503 came WITHOUT Retry-After.", p.noRetryAfter)
		}
		fmt.Fprintln(w)
		keys := make([]string, 0, len(p.samples))
		for k := range p.samples {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  - first %s answer %s\n", k, p.samples[k])
		}
		p.mu.Unlock()
	}
	if stray > 0 {
		fmt.Fprintf(w, "\n%d load branches have push events although the harness never sent their post_receive.\n", stray)
	}

	for _, line := range jobSummary(ctx, h.dbURL) {
		fmt.Fprintf(w, "\n%s", line)
	}
	fmt.Fprintln(w)
	if len(h.problems) > 0 {
		fmt.Fprintln(w, "\nPROBLEMS:")
		for _, p := range h.problems {
			fmt.Fprintf(w, "- %s\n", p)
		}
	}
	lost = len(missing) > 0 || len(duplicates) > 0
	if lost {
		fmt.Fprintln(w, "\nFAILED:")
		if len(missing) > 0 {
			fmt.Fprintf(w, "- %d acknowledged pushes have no push event: %s\n", len(missing), firstOf(missing, 20))
		}
		if len(duplicates) > 0 {
			fmt.Fprintf(w, "- %d branches have more than one push event: %s\n", len(duplicates), firstOf(duplicates, 20))
		}
		for _, line := range jobsOf(ctx, h.dbURL, slices.Concat(missing, duplicates)) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	} else if counted {
		fmt.Fprintf(w, "\nOK: all %d acknowledged pushes recorded, each exactly once.\n", len(acked))
	}
	return lost, nil
}

// statuses writes answers by status, most frequent status first.
func statuses(byStatus map[int]int) string {
	if len(byStatus) == 0 {
		return "—"
	}
	codes := make([]int, 0, len(byStatus))
	for c := range byStatus {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d ×%d", c, byStatus[c])
	}
	return strings.Join(parts, ", ")
}

// transportErrors writes the failures without an answer by endpoint and kind.
func transportErrors(byEndpoint map[string]map[string]int) string {
	var parts []string
	for _, ep := range []string{epAllowed, epPostReceive} {
		kinds := make([]string, 0, len(byEndpoint[ep]))
		for k := range byEndpoint[ep] {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %s ×%d", ep, k, byEndpoint[ep][k]))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func firstOf(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:n], ", ") + fmt.Sprintf(" … (%d more)", len(list)-n)
}
