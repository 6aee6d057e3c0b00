package harness

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// The JUnit XML schema as CI systems read it (Jenkins, GitLab, GitHub
// reporters): one testsuite per feature, one testcase per scenario, a
// <failure> naming the failing step and its message, <skipped> with a reason.
// The harness writes its own because godog v0.16.0's junit formatter was seen
// marking failed scenarios as passed.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	File     string      `xml:"file,attr,omitempty"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes r as JUnit XML.
func (r *Result) WriteJUnit(w io.Writer) error {
	doc := junitSuites{Name: "conformance", Time: seconds(r.Duration)}
	index := map[string]int{}
	var took []time.Duration // per suite
	for _, s := range r.Scenarios {
		i, ok := index[s.File]
		if !ok {
			i = len(doc.Suites)
			index[s.File] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: s.Feature, File: s.File})
			took = append(took, 0)
		}
		suite := &doc.Suites[i]
		c := junitCase{
			Name: s.Name, Classname: s.Feature, File: s.File, Time: seconds(s.Duration),
			SystemOut: stepLog(s),
		}
		switch s.Status {
		case StatusFailed:
			st, _ := s.FailedStep()
			c.Failure = &junitFailure{
				Message: st.Text + ": " + firstLine(st.Error), Type: st.Status,
				Text: st.Text + "\n" + st.Error,
			}
			suite.Failures++
			doc.Failures++
		case StatusSkipped:
			c.Skipped = &junitSkipped{Message: s.Reason}
			suite.Skipped++
			doc.Skipped++
		}
		suite.Tests++
		doc.Tests++
		took[i] += s.Duration
		suite.Time = seconds(took[i])
		suite.Cases = append(suite.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// WriteJUnitFile writes r as JUnit XML to path.
func (r *Result) WriteJUnitFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create junit file: %w", err)
	}
	if err := r.WriteJUnit(f); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close junit file: %w", err)
	}
	return nil
}

// stepLog lists each step with its status, for the report's system-out.
func stepLog(s ScenarioResult) string {
	var b strings.Builder
	for _, st := range s.Steps {
		fmt.Fprintf(&b, "[%s] %s\n", st.Status, st.Text)
	}
	return b.String()
}
