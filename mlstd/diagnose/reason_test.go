package diagnose

import (
	"strings"
	"testing"
)

func TestReason(t *testing.T) {
	for _, c := range []struct {
		name       string
		train, val float64
		o          ReasonOptions
		want       Case
		step       string // a word the first steps must mention
	}{
		{"chance-level training error", 0.89, 0.9, ReasonOptions{Chance: 0.9}, LikelyBug, "tiny"},
		{"validation far better than training", 0.3, 0.05, ReasonOptions{}, LikelyBug, "leaked"},
		{"both high against a target", 0.2, 0.22, ReasonOptions{Target: 0.05}, Underfitting, "learning rate"},
		{"both high against human level", 0.15, 0.17, ReasonOptions{Human: 0.01}, Underfitting, "Grow"},
		{"low train, high validation", 0.01, 0.12, ReasonOptions{Target: 0.05}, Overfitting, "more data"},
		{"gap without a target", 0.02, 0.1, ReasonOptions{}, Overfitting, "Regularise"},
		{"test far above validation", 0.02, 0.03, ReasonOptions{Test: 0.15, Target: 0.01}, DataMismatch, "preprocessing"},
		{"target met", 0.01, 0.03, ReasonOptions{Target: 0.05}, TargetMet, "test error once"},
		{"target met on validation, not on test", 0.01, 0.03, ReasonOptions{Target: 0.05, Test: 0.2}, DataMismatch, "preprocessing"},
		// 05-debugging: a standardiser fitted and applied on the training
		// set only; the raw validation set is scored worse than chance.
		{"validation worse than chance", 0.012, 0.63, ReasonOptions{Chance: 0.373, Target: 0.05}, LikelyBug, "scaling"},
		{"validation at chance", 0.01, 0.88, ReasonOptions{Chance: 0.9}, LikelyBug, "scaling"},
	} {
		r := Reason(c.train, c.val, c.o)
		if r.Case != c.want {
			t.Errorf("%s: case %v, want %v:\n%v", c.name, r.Case, c.want, r)
			continue
		}
		if !strings.Contains(strings.Join(r.Steps[:2], " "), c.step) {
			t.Errorf("%s: first steps do not mention %q:\n%v", c.name, c.step, r)
		}
		if !strings.Contains(r.Markdown(), "**Diagnosis: "+c.want.String()+"**") || !strings.Contains(r.HTML(), "<ol>") {
			t.Errorf("%s: renderings", c.name)
		}
	}
}

func TestReasonPanicsOnRates(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "diagnose:") {
			t.Errorf("recover() = %v, want a diagnose panic", r)
		}
	}()
	Reason(12, 0.1, ReasonOptions{})
}

// TestReasonEqualErrorsShowZero: error rates equal up to rounding
// (0.1+0.2 and 0.3) give a variance of 0, not 5.55e-17.
func TestReasonEqualErrorsShowZero(t *testing.T) {
	r := Reason(0.3, 0.1+0.2, ReasonOptions{})
	if r.Variance != 0 {
		t.Errorf("Variance = %g; want 0", r.Variance)
	}
	if s := r.String(); strings.Contains(s, "e-17") {
		t.Errorf("rounding noise in the diagnosis:\n%s", s)
	}
}
