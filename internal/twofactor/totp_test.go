package twofactor_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/twofactor"
)

// RFC 6238 appendix B, the SHA-1 rows: seed "12345678901234567890", 30 s steps, 8 digits.
func TestCode_MatchesTheRFC6238TestVectors(t *testing.T) {
	seed := []byte("12345678901234567890")
	vectors := []struct {
		unix int64
		step int64
		totp string
	}{
		{59, 0x1, "94287082"},
		{1111111109, 0x23523EC, "07081804"},
		{1111111111, 0x23523ED, "14050471"},
		{1234567890, 0x273EF07, "89005924"},
		{2000000000, 0x3F940AA, "69279037"},
		{20000000000, 0x27BC86AA, "65353130"},
	}
	for _, v := range vectors {
		step := twofactor.TimeStep(time.Unix(v.unix, 0))
		assert.Equal(t, v.step, step, "time step at %d", v.unix)
		assert.Equal(t, v.totp, twofactor.Code(seed, step, 8), "TOTP at %d", v.unix)
	}
}

// RFC 4226 appendix D: the 6-digit HOTP values of the same seed, the length GitLab uses.
func TestCode_SixDigitsMatchTheRFC4226TestVectors(t *testing.T) {
	seed := []byte("12345678901234567890")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, code := range want {
		assert.Equal(t, code, twofactor.Code(seed, int64(counter), twofactor.CodeDigits), "counter %d", counter)
	}
}

func TestMatch_AcceptsTheCurrentStepAndOneEitherSideAndTellsWhichStep(t *testing.T) {
	seed := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	current := twofactor.TimeStep(now)
	for _, drift := range []int64{-1, 0, 1} {
		step, ok := twofactor.Match(seed, twofactor.Code(seed, current+drift, 6), now)
		require.True(t, ok, "drift %d", drift)
		assert.Equal(t, current+drift, step)
	}
	for _, drift := range []int64{-2, 2} {
		_, ok := twofactor.Match(seed, twofactor.Code(seed, current+drift, 6), now)
		assert.False(t, ok, "drift %d is outside the window", drift)
	}
}

func TestMatch_IgnoresWhitespaceAndRefusesAnythingElse(t *testing.T) {
	seed := []byte("12345678901234567890")
	now := time.Unix(59, 0) // step 1: 287082
	_, ok := twofactor.Match(seed, " 287 082\n", now)
	assert.True(t, ok, "spaces inside and around the code are ignored, as Devise does")
	for _, typed := range []string{"", "28708", "2870820", "287O82", "94287082"} {
		_, ok := twofactor.Match(seed, typed, now)
		assert.False(t, ok, "%q", typed)
	}
}

func TestDecodeSecret_TakesBase32InAnyCaseWithOrWithoutPadding(t *testing.T) {
	for _, s := range []string{"JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "GEZDGNBV", "GEZDGNBVGY======"} {
		_, err := twofactor.DecodeSecret(s)
		assert.NoError(t, err, s)
	}
	got, err := twofactor.DecodeSecret("GEZDGNBVGY======")
	require.NoError(t, err)
	assert.Equal(t, []byte("123456"), got)
	_, err = twofactor.DecodeSecret("not base32!")
	assert.Error(t, err)
}
