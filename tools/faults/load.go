package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The push the load makes, as Gitaly's hooks send it: rubi (user 7, SSH key 7) is a developer
// of gnuwget/wget (project 7), which protects no branch and has no webhook, so every new branch
// is hers to push and each push leaves exactly one post-receive job and one push event.
const (
	pushProject = 7
	pushKey     = 7
	zeroRev     = "0000000000000000000000000000000000000000"
)

// Endpoints the load calls.
const (
	epAllowed     = "allowed"
	epPostReceive = "post_receive"
)

// phase is the record of one phase: every answer by endpoint and status, transport errors by
// kind, latencies, the fault's times and the pushes glia acknowledged.
type phase struct {
	index int
	name  string
	fault string // what was done, for the report

	mu           sync.Mutex
	status       map[string]map[int]int    // endpoint → status → count
	transport    map[string]map[string]int // endpoint → error kind → count
	noRetryAfter int                       // 503 answers without Retry-After
	samples      map[string]string         // "endpoint status" → first body
	latencies    []time.Duration
	faultStart   time.Time
	faultEnd     time.Time
	firstOK      time.Time // first 200 answered after faultEnd
	acked        []string  // branches whose post_receive answered 200
	unacked      []string  // branches whose post_receive was sent and not answered 200
	notes        []string  // what happened beside the counts (restarts, drains, problems)
	recovery     time.Duration
	recovered    bool
	drain        string
	slow         *slowSummary
	started      time.Time
	ended        time.Time
	// hold, when set, makes the next push whose access check is allowed wait before its
	// post_receive, until release is closed (see holdNextPush).
	hold    atomic.Bool
	held    chan struct{}
	release chan struct{}
}

func newPhase(index int, name, fault string) *phase {
	return &phase{index: index, name: name, fault: fault, status: map[string]map[int]int{},
		transport: map[string]map[string]int{}, samples: map[string]string{},
		held: make(chan struct{}, 1), release: make(chan struct{})}
}

func (p *phase) note(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notes = append(p.notes, fmt.Sprintf(format, args...))
}

func (p *phase) markFault(start, end time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultStart, p.faultEnd = start, end
}

// recoveredAt is the first 200 after the fault ended (zero when none yet).
func (p *phase) recoveredAt() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.firstOK
}

func (p *phase) answered(endpoint string, status int, retryAfter string, body string, latency time.Duration, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status[endpoint] == nil {
		p.status[endpoint] = map[int]int{}
	}
	p.status[endpoint][status]++
	p.latencies = append(p.latencies, latency)
	if status == http.StatusServiceUnavailable && retryAfter == "" {
		p.noRetryAfter++
	}
	key := fmt.Sprintf("%s %d", endpoint, status)
	if _, seen := p.samples[key]; !seen && status != http.StatusOK {
		p.samples[key] = fmt.Sprintf("after %s: %s", ms(latency), oneLine(body, 200))
		if retryAfter != "" {
			p.samples[key] += " (Retry-After: " + retryAfter + ")"
		}
	}
	if status == http.StatusOK && !p.faultEnd.IsZero() && at.After(p.faultEnd) && p.firstOK.IsZero() {
		p.firstOK = at
	}
}

func (p *phase) failed(endpoint, kind string, latency time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.transport[endpoint] == nil {
		p.transport[endpoint] = map[string]int{}
	}
	p.transport[endpoint][kind]++
	p.latencies = append(p.latencies, latency)
}

func (p *phase) pushed(branch string, acknowledged bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if acknowledged {
		p.acked = append(p.acked, branch)
	} else {
		p.unacked = append(p.unacked, branch)
	}
}

// holdNextPush stops the next push between its access check (allowed) and its post_receive,
// and returns once one is held (or after limit): a fault made then meets that post_receive for
// certain. Calling release lets it go on. It serves once per phase.
func (p *phase) holdNextPush(ctx context.Context, limit time.Duration) (release func(), err error) {
	release = sync.OnceFunc(func() { close(p.release) })
	p.hold.Store(true)
	select {
	case <-p.held:
	case <-time.After(limit):
		p.hold.Store(false)
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
	return release, nil
}

func (p *phase) ackCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.acked)
}

// requests is the number of requests answered or failed in the phase.
func (p *phase) requests() int {
	n := 0
	for _, byStatus := range p.status {
		for _, c := range byStatus {
			n += c
		}
	}
	for _, byKind := range p.transport {
		for _, c := range byKind {
			n += c
		}
	}
	return n
}

// client sends the load's requests, each signed as GitLab Shell and Gitaly sign them.
type client struct {
	baseURL string
	http    *http.Client
	key     []byte

	mu     sync.Mutex
	token  string
	signed time.Time
}

func newClient(baseURL string, secretFile string, timeout time.Duration, workers int) (*client, error) {
	raw, err := os.ReadFile(secretFile)
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        2 * workers,
		MaxIdleConnsPerHost: 2 * workers,
		IdleConnTimeout:     30 * time.Second,
	}
	return &client{baseURL: baseURL, http: &http.Client{Timeout: timeout, Transport: transport},
		key: []byte(strings.TrimSpace(string(raw)))}, nil
}

// jwt is the Gitlab-Shell-Api-Request header: HS256, issuer gitlab-shell, valid a minute,
// renewed every 20 seconds.
func (c *client) jwt() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.signed) < 20*time.Second {
		return c.token, nil
	}
	now := time.Now()
	t, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
	}).SignedString(c.key)
	if err != nil {
		return "", err
	}
	c.token, c.signed = t, now
	return t, nil
}

// post sends one request and records its outcome in p; it returns the status, 0 for a
// transport error.
func (c *client) post(ctx context.Context, p *phase, endpoint, body string) int {
	token, err := c.jwt()
	if err != nil {
		p.failed(endpoint, "sign: "+err.Error(), 0)
		return 0
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/api/v4/internal/"+endpoint, strings.NewReader(body))
	if err != nil {
		p.failed(endpoint, "request: "+err.Error(), 0)
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Gitlab-Shell-Api-Request", token)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		p.failed(endpoint, transportKind(err), time.Since(start))
		return 0
	}
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	at := time.Now()
	if err != nil {
		// The status line came, the body did not: the caller saw a failure.
		p.failed(endpoint, "body: "+transportKind(err), at.Sub(start))
		return 0
	}
	p.answered(endpoint, resp.StatusCode, resp.Header.Get("Retry-After"), string(answer), at.Sub(start), at)
	return resp.StatusCode
}

// transportKind names a failure without an answer.
func transportKind(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "closed"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return "other: " + oneLine(err.Error(), 80)
}

// load drives pushes: workers that each loop allowed → post_receive, together at most rate
// pushes a second.
type load struct {
	client  *client
	workers int
	rate    int
	// ctx bounds requests: the harness's own (Ctrl-C), not the phase's, so that stopping a
	// phase lets pushes in flight finish rather than abandoning them half acknowledged.
	ctx context.Context
	seq atomic.Int64
}

// run drives the load for phase p until stop is closed, and returns when every worker has
// finished its push in flight.
func (l *load) run(p *phase, stop <-chan struct{}) {
	var tick <-chan time.Time
	if l.rate > 0 {
		t := time.NewTicker(time.Second / time.Duration(l.rate))
		defer t.Stop()
		tick = t.C
	} else {
		always := make(chan time.Time)
		close(always)
		tick = always
	}
	var wg sync.WaitGroup
	for w := range l.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-l.ctx.Done():
					return
				case <-tick:
				}
				select {
				case <-stop:
					return
				default:
				}
				l.push(p, w)
			}
		}()
	}
	wg.Wait()
}

// push is one push of a new branch: the access check Gitaly's pre-receive hook makes, then, when
// it is allowed, the post_receive its post-receive hook sends.
func (l *load) push(p *phase, worker int) {
	branch := fmt.Sprintf("load-%d-%d-%d", p.index, worker, l.seq.Add(1))
	changes := fmt.Sprintf("%s %016x%016x%08x refs/heads/%s\n", zeroRev, rand.Uint64(), rand.Uint64(), rand.Uint32(), branch)
	allowed := fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":"project-%d","relative_path":"@hashed/load.git","changes":%q,"protocol":"ssh","key_id":"%d","env":"{}"}`,
		pushProject, changes, pushKey)
	if l.client.post(l.ctx, p, epAllowed, allowed) != http.StatusOK {
		return
	}
	if p.hold.CompareAndSwap(true, false) {
		p.held <- struct{}{}
		select {
		case <-p.release:
		case <-time.After(10 * time.Second):
		}
	}
	postReceive := fmt.Sprintf(`{"gl_repository":"project-%d","identifier":"key-%d","changes":%q,"push_options":[]}`,
		pushProject, pushKey, changes)
	p.pushed(branch, l.client.post(l.ctx, p, epPostReceive, postReceive) == http.StatusOK)
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q * float64(len(sorted)-1))
	return sorted[i]
}

func sortedCopy(d []time.Duration) []time.Duration {
	c := slices.Clone(d)
	slices.Sort(c)
	return c
}

func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}
