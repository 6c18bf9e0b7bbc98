package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/testutil/apitest"
	"github.com/glia-dev/glia/internal/twofactor"
)

// twoFactorWorld holds one user for each answer of the two-factor endpoints. Key ids are the
// user ids where a user has one key.
const twoFactorWorld = `
users:
  - id: 7
    username: rubi
    email: rubi@example.com
    otp_secret: JBSWY3DPEHPK3PXP
    ssh_keys:
      - id: 7
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMyM7VqGh6+PaD40d6/cRW56JEG+M2TCeg8FE79GIb6w tf1@test
      - id: 15
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC3iFQXmvvemN4B7Z1OMrGHLUiH9jX/nSbB8hijVIshj tf2@test
      - id: 16
        usage_type: signing
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFYMDZWYA/EFniGquGm7WzjIPT2ZMgcjYz92hUD6QSFT tf3@test
  - id: 8
    username: plain
    email: plain@example.com
    ssh_keys:
      - id: 8
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0qFTFkWt94mTtltocOt80DCtpb/XoZFLf0omacmdO8 tf4@test
  - id: 9
    username: webauthn
    email: webauthn@example.com
    webauthn_registered: true
    ssh_keys:
      - id: 9
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDEZomBpzSIZBWRWeWAvVUeAtJI2znP2CiSTp2Sd9qyl tf5@test
  - id: 10
    username: blocked
    email: blocked@example.com
    state: blocked
    otp_secret: JBSWY3DPEHPK3PXP
    ssh_keys:
      - id: 10
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJRiemEQs+yHT+aZaEyQWRUkaP6ErWZD2ESekjNdfOh5 tf6@test
  - id: 12
    username: enrolling
    email: enrolling@example.com
    otp_secret: JBSWY3DPEHPK3PXP
    otp_required: false
    ssh_keys:
      - id: 12
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdEijbYm7MA4QazyOyP7pxZvna3Dq335O9NJRj3xgyV tf7@test
deploy_keys:
  - id: 20
    title: deployer
    user: rubi
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMc/JysoO0PQ2nsxdpcFUMt5PAiU7q9zyeQPk5+nVvJx tf8@test
  - id: 21
    title: orphan
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFjWi1arH22JbVpTSglAm8BA/3sQE1DSOibbemOLBO5e tf9@test
`

const (
	recoveryCodesPath = "/api/v4/internal/two_factor_recovery_codes"
	manualOTPPath     = "/api/v4/internal/two_factor_manual_otp_check"
	pushOTPPath       = "/api/v4/internal/two_factor_push_otp_check"
)

// twoFactorPost sends a JSON body the way GitLab Shell does: JWT header, key_id as a digit
// string, user_id as a number.
func twoFactorPost(t *testing.T, env *apitest.Env, path, body string) apitest.Response {
	t.Helper()
	return env.AsShell(t, http.MethodPost, path, body)
}

var twoFactorAccepted = map[string]any{"success": true}

// twoFactorClock is the internal API's clock, which a test moves.
type twoFactorClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTwoFactorClock() *twoFactorClock {
	// 10 s into a 30 s time step, so codes of the neighbouring steps are unambiguous.
	return &twoFactorClock{now: time.Date(2025, 6, 2, 9, 0, 10, 0, time.UTC)}
}

func (c *twoFactorClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *twoFactorClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// twoFactorCode is the code rubi's authenticator app shows, steps time steps away from now.
func twoFactorCode(t *testing.T, now time.Time, steps int64) string {
	t.Helper()
	key, err := twofactor.DecodeSecret("JBSWY3DPEHPK3PXP")
	require.NoError(t, err)
	return twofactor.Code(key, twofactor.TimeStep(now)+steps, twofactor.CodeDigits)
}

func twoFactorOTPBody(keyID, code string) string {
	return `{"key_id":"` + keyID + `","otp_attempt":"` + code + `"}`
}

// The actor is refused in GitLab's order (docs/gitlab-rules.md §6). GitLab's "key has no user" row
// cannot happen in glia: a user key always has its user, and a deploy key without a creator has
// GitLab's ghost user, so it is refused as a deploy key.
func TestTwoFactorRecoveryCodes_RefusesInGitLabsOrder(t *testing.T) {
	env := apitest.New(t, twoFactorWorld)
	cases := []struct{ name, body, message string }{
		{"unknown user_id", `{"user_id":999}`, "Could not find the given user"},
		{"unknown key_id next to a known user_id: the key decides who it is", `{"key_id":"999","user_id":7}`, "Could not find the given user"},
		{"user_id alone: a key is required", `{"user_id":7}`, "Could not find the given key"},
		{"unknown key_id", `{"key_id":"999"}`, "Could not find the given key"},
		{"signing-only key", `{"key_id":"16"}`, "Could not find the given key"},
		{"no actor at all", `{}`, "Could not find the given key"},
		{"deploy key", `{"key_id":"20"}`, "Deploy keys cannot be used to retrieve recovery codes"},
		{"deploy key whose creator is gone", `{"key_id":"21"}`, "Deploy keys cannot be used to retrieve recovery codes"},
		{"user without two-factor", `{"key_id":"8"}`, "Two-factor authentication is not enabled for this user"},
		{"OTP secret not yet confirmed (otp_required off)", `{"key_id":"12"}`, "Two-factor authentication is not enabled for this user"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := twoFactorPost(t, env, recoveryCodesPath, tc.body)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			assert.Equal(t, refused(tc.message), resp.JSON(t))
		})
	}
}

var recoveryCodePattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// twoFactorRecoveryCodes checks a success body and returns its codes.
func twoFactorRecoveryCodes(t *testing.T, resp apitest.Response) []string {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	var body struct {
		Success       bool     `json:"success"`
		Message       *string  `json:"message"`
		RecoveryCodes []string `json:"recovery_codes"`
	}
	require.NoError(t, json.Unmarshal(resp.Body, &body))
	require.True(t, body.Success, "%s", resp.Body)
	assert.Nil(t, body.Message)
	require.Len(t, body.RecoveryCodes, 10)
	for _, c := range body.RecoveryCodes {
		assert.Regexp(t, recoveryCodePattern, c)
	}
	return body.RecoveryCodes
}

func twoFactorDigests(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = secret.Digest(c)
	}
	return out
}

func TestTwoFactorRecoveryCodes_GivesTenNewCodesAndStoresOnlyTheirDigests(t *testing.T) {
	env := apitest.New(t, twoFactorWorld)
	first := twoFactorRecoveryCodes(t, twoFactorPost(t, env, recoveryCodesPath, `{"key_id":"7"}`))

	rubi, err := env.Store.UserByID(t.Context(), 7)
	require.NoError(t, err)
	assert.ElementsMatch(t, twoFactorDigests(first), rubi.OTPBackupCodeDigests)
	stored := strings.Join(rubi.OTPBackupCodeDigests, " ")
	for _, c := range first {
		assert.NotContains(t, stored, c, "a recovery code is stored in plaintext")
	}

	second := twoFactorRecoveryCodes(t, twoFactorPost(t, env, recoveryCodesPath, `{"key_id":"7"}`))
	rubi, err = env.Store.UserByID(t.Context(), 7)
	require.NoError(t, err)
	assert.ElementsMatch(t, twoFactorDigests(second), rubi.OTPBackupCodeDigests, "the new codes replace all previous ones")
	assert.NotContains(t, rubi.OTPBackupCodeDigests, secret.Digest(first[0]))
}

func TestTwoFactorRecoveryCodes_WorkForAWebAuthnOnlyUser(t *testing.T) {
	env := apitest.New(t, twoFactorWorld)
	twoFactorRecoveryCodes(t, twoFactorPost(t, env, recoveryCodesPath, `{"key_id":"9"}`))
}

// The seed's example: a form body and the legacy Gitlab-Shared-Secret header, against the demo
// world, where rubi (key 7) has two-factor authentication.
func TestTwoFactorRecoveryCodes_SeedExampleWorksAsWritten(t *testing.T) {
	demo, err := os.ReadFile("../world/demo.yaml")
	require.NoError(t, err)
	env := apitest.New(t, string(demo))
	req := env.NewRequest(t, http.MethodPost, recoveryCodesPath, "key_id=7")
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	twoFactorRecoveryCodes(t, env.Do(t, req))
}

func TestTwoFactorRecoveryCodes_ParallelRegenerationsLeaveExactlyOneSetOfTen(t *testing.T) {
	env := apitest.New(t, twoFactorWorld)
	const parallel = 4
	answers := make([][]string, parallel)
	var wg sync.WaitGroup
	for i := range parallel {
		wg.Go(func() {
			answers[i] = twoFactorRecoveryCodes(t, twoFactorPost(t, env, recoveryCodesPath, `{"key_id":"7"}`))
		})
	}
	wg.Wait()
	rubi, err := env.Store.UserByID(t.Context(), 7)
	require.NoError(t, err)
	require.Len(t, rubi.OTPBackupCodeDigests, 10)
	matching := 0
	for _, codes := range answers {
		if assert.ObjectsAreEqual(twoFactorDigests(codes), rubi.OTPBackupCodeDigests) {
			matching++
		}
	}
	assert.Equal(t, 1, matching, "the stored digests are exactly the codes of one of the answers")
}

// Both halves of 2fa_verify refuse the actor in GitLab EE's order: validate_actor (a key with a
// user; an unknown user_id is not singled out), deploy keys, users without two-factor. Only the
// manual check looks at the account's lock, and the push check has no way to succeed.
func TestTwoFactorOTPChecks_RefuseInGitLabsOrder(t *testing.T) {
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(newTwoFactorClock().Now))
	cases := []struct{ name, body, manual, push string }{
		{"unknown user_id", `{"user_id":999}`, "Could not find the given key", "Could not find the given key"},
		{"user_id alone: a key is required", `{"user_id":7}`, "Could not find the given key", "Could not find the given key"},
		{"unknown key_id", `{"key_id":"999"}`, "Could not find the given key", "Could not find the given key"},
		{"signing-only key", `{"key_id":"16"}`, "Could not find the given key", "Could not find the given key"},
		{"no actor at all", `{}`, "Could not find the given key", "Could not find the given key"},
		{"deploy key", `{"key_id":"20"}`, "Deploy keys cannot be used for Two Factor", "Deploy keys cannot be used for Two Factor"},
		{"deploy key whose creator is gone", `{"key_id":"21"}`, "Deploy keys cannot be used for Two Factor", "Deploy keys cannot be used for Two Factor"},
		{"user without two-factor", `{"key_id":"8"}`, "Two-factor authentication is not enabled for this user", "Two-factor authentication is not enabled for this user"},
		{"OTP secret not yet confirmed", `{"key_id":"12"}`, "Two-factor authentication is not enabled for this user", "Two-factor authentication is not enabled for this user"},
		{"blocked user", `{"key_id":"10"}`, "Your account is locked", "Invalid OTP"},
		{"WebAuthn-only user: no code can match", `{"key_id":"9"}`, "Invalid OTP", "Invalid OTP"},
		{"wrong code", `{"key_id":"7","otp_attempt":"000000"}`, "Invalid OTP", "Invalid OTP"},
		{"no code", `{"key_id":"7"}`, "Invalid OTP", "Invalid OTP"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for path, message := range map[string]string{manualOTPPath: tc.manual, pushOTPPath: tc.push} {
				resp := twoFactorPost(t, env, path, tc.body)
				require.Equal(t, http.StatusOK, resp.Status, "%s: %s", path, resp.Body)
				assert.Equal(t, refused(message), resp.JSON(t), path)
			}
		})
	}
}

func TestTwoFactorManualOTPCheck_OpensAnOTPSessionForTheKeyForFifteenMinutes(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	start := clock.Now()
	hasSession := func(keyID int64, at time.Time) bool {
		ok, err := twofactor.HasValidSession(t.Context(), env.Store, keyID, at)
		require.NoError(t, err)
		return ok
	}
	require.False(t, hasSession(7, start))

	resp := twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, start, 0)))
	require.Equal(t, http.StatusOK, resp.Status)
	require.Equal(t, twoFactorAccepted, resp.JSON(t))

	assert.True(t, hasSession(7, start))
	assert.True(t, hasSession(7, start.Add(15*time.Minute-time.Second)))
	assert.False(t, hasSession(7, start.Add(15*time.Minute)), "the session lasts 15 minutes")
	assert.False(t, hasSession(15, start), "the session belongs to the key, not to the user")

	clock.Advance(10 * time.Minute)
	resp = twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0)))
	require.Equal(t, twoFactorAccepted, resp.JSON(t))
	assert.True(t, hasSession(7, start.Add(20*time.Minute)), "verifying again extends the session")
}

// Seed-style callers send form bodies and the legacy shared-secret header.
func TestTwoFactorManualOTPCheck_TakesAFormBodyWithTheSeedsSharedSecret(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	req := env.NewRequest(t, http.MethodPost, manualOTPPath, "key_id=7&otp_attempt="+twoFactorCode(t, clock.Now(), 0))
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, twoFactorAccepted, resp.JSON(t))
}

func TestTwoFactorManualOTPCheck_AcceptsOneStepOfClockDriftEitherWay(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	now := clock.Now()
	for _, c := range []struct {
		steps int64
		want  map[string]any
	}{
		{-2, refused("Invalid OTP")},
		{-1, twoFactorAccepted},
		{0, twoFactorAccepted},
		{1, twoFactorAccepted},
		{2, refused("Invalid OTP")},
	} {
		resp := twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, now, c.steps)))
		assert.Equal(t, c.want, resp.JSON(t), "code %d time steps away", c.steps)
	}
}

func TestTwoFactorManualOTPCheck_RefusesAReplayedOrOlderCode(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	now := clock.Now()
	current, next := twoFactorCode(t, now, 0), twoFactorCode(t, now, 1)

	require.Equal(t, twoFactorAccepted, twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", next)).JSON(t))
	assert.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", next)).JSON(t),
		"the same code again")
	assert.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("15", next)).JSON(t),
		"the same code through the user's other key")
	assert.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", current)).JSON(t),
		"a code of an earlier time step than one already used")

	clock.Advance(2 * twofactor.TimeStepLength)
	assert.Equal(t, twoFactorAccepted, twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0))).JSON(t),
		"a later code works")
}

func TestTwoFactorManualOTPCheck_ParallelChecksWithOneCodeSucceedOnce(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	body := twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0))
	const parallel = 8
	answers := make([]any, parallel)
	var wg sync.WaitGroup
	for i := range parallel {
		wg.Go(func() { answers[i] = twoFactorPost(t, env, manualOTPPath, body).JSON(t) })
	}
	wg.Wait()
	successes := 0
	for _, a := range answers {
		if assert.Contains(t, []any{twoFactorAccepted, refused("Invalid OTP")}, a) && a.(map[string]any)["success"] == true {
			successes++
		}
	}
	assert.Equal(t, 1, successes)
	rubi, err := env.Store.UserByID(t.Context(), 7)
	require.NoError(t, err)
	assert.EqualValues(t, parallel-1, rubi.FailedAttempts, "the first check holding the lock succeeds; every other one is a replay")
}

// Devise's lockable as GitLab configures it: the 10th failure locks the account, and the lock
// lapses after 10 minutes.
func TestTwoFactorManualOTPCheck_TenthFailureLocksTheAccountForTenMinutes(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	failedAttempts := func() (int32, *time.Time) {
		u, err := env.Store.UserByID(t.Context(), 7)
		require.NoError(t, err)
		return u.FailedAttempts, u.LockedAt
	}
	wrong := twoFactorOTPBody("7", "000000")

	for range 3 {
		require.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, wrong).JSON(t))
	}
	n, _ := failedAttempts()
	require.EqualValues(t, 3, n)
	require.Equal(t, twoFactorAccepted, twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0))).JSON(t))
	n, _ = failedAttempts()
	require.EqualValues(t, 0, n, "a success resets the count")

	for i := range 9 {
		require.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, wrong).JSON(t), "attempt %d", i+1)
	}
	n, lockedAt := failedAttempts()
	require.EqualValues(t, 9, n)
	require.Nil(t, lockedAt, "nine failures do not lock")

	require.Equal(t, refused("Invalid OTP"), twoFactorPost(t, env, manualOTPPath, wrong).JSON(t))
	n, lockedAt = failedAttempts()
	require.EqualValues(t, 10, n)
	require.NotNil(t, lockedAt, "the 10th failure locks")
	assert.True(t, lockedAt.Equal(clock.Now()))

	clock.Advance(twofactor.TimeStepLength)
	valid := twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0))
	assert.Equal(t, refused("Your account is locked"), twoFactorPost(t, env, manualOTPPath, valid).JSON(t),
		"even a valid code is refused while locked")
	n, _ = failedAttempts()
	assert.EqualValues(t, 10, n, "attempts on a locked account are not counted")

	clock.Advance(10 * time.Minute)
	assert.Equal(t, twoFactorAccepted, twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0))).JSON(t),
		"the lock lapses after 10 minutes")
	n, lockedAt = failedAttempts()
	assert.EqualValues(t, 0, n)
	assert.Nil(t, lockedAt)
}

// GitLab Shell sends both checks at once and acts on the first success: the push check answers
// at once and changes nothing, so the manual check decides.
func TestTwoFactorPushOTPCheck_AnswersAtOnceAndNeverStandsInTheManualChecksWay(t *testing.T) {
	clock := newTwoFactorClock()
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(clock.Now))
	var manual, push apitest.Response
	var wg sync.WaitGroup
	wg.Go(func() { push = twoFactorPost(t, env, pushOTPPath, `{"key_id":"7"}`) })
	wg.Go(func() {
		manual = twoFactorPost(t, env, manualOTPPath, twoFactorOTPBody("7", twoFactorCode(t, clock.Now(), 0)))
	})
	wg.Wait()
	assert.Equal(t, refused("Invalid OTP"), push.JSON(t))
	assert.Equal(t, twoFactorAccepted, manual.JSON(t))

	rubi, err := env.Store.UserByID(t.Context(), 7)
	require.NoError(t, err)
	assert.EqualValues(t, 0, rubi.FailedAttempts, "a push check is not a failed attempt")
}

func TestTwoFactor_BadInputGetsA4xxOrSuccessFalseNeverA500(t *testing.T) {
	env := apitest.New(t, twoFactorWorld, apitest.WithClock(newTwoFactorClock().Now))
	huge := strings.Repeat("1", 10<<20)
	cases := []struct {
		name, path, body string
		status           int
		want             map[string]any
	}{
		{"key_id of the wrong type", manualOTPPath, `{"key_id":true,"otp_attempt":"123456"}`, 400, map[string]any{"error": "key_id is invalid"}},
		{"key_id that is not digits", recoveryCodesPath, `{"key_id":"7abc"}`, 400, map[string]any{"error": "key_id is invalid"}},
		{"negative user_id", pushOTPPath, `{"user_id":-7}`, 400, map[string]any{"error": "user_id is invalid"}},
		{"fractional user_id", recoveryCodesPath, `{"user_id":7.5}`, 400, map[string]any{"error": "user_id is invalid"}},
		{"otp_attempt as a number", manualOTPPath, `{"key_id":"7","otp_attempt":123456}`, 400, map[string]any{"error": "otp_attempt is invalid"}},
		{"a body that is not an object", recoveryCodesPath, `["key_id"]`, 400, map[string]any{"error": "body is invalid"}},
		{"malformed JSON", manualOTPPath, `{"key_id":`, 400, map[string]any{"error": "body is not valid JSON"}},
		{"key_id too large for an id", recoveryCodesPath, `{"key_id":"99999999999999999999999"}`, 200, refused("Could not find the given key")},
		{"unknown fields are ignored", pushOTPPath, `{"key_id":"8","colour":"blue","nested":{"a":[1]}}`, 200,
			refused("Two-factor authentication is not enabled for this user")},
		{"a 10 MB otp_attempt", manualOTPPath, twoFactorOTPBody("7", huge), 200, refused("Invalid OTP")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := twoFactorPost(t, env, tc.path, tc.body)
			require.Equal(t, tc.status, resp.Status, "%.300s", resp.Body)
			assert.Equal(t, tc.want, resp.JSON(t))
		})
	}
}
