// Command audit checks the build's module versions against the advisories
// kept in audit/advisories.txt (the machine cannot reach the Go
// vulnerability database). It prints the versions of the modules that
// matter most, every advisory's verdict, and exits 1 when a module is below
// a fixed version or the build imports a package with an unfixed advisory.
//
//	go run ./audit [-advisories audit/advisories.txt]
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/mod/semver"
)

// unfixedPrefix marks an advisory without a fixed version.
const unfixedPrefix = "unfixed:"

// advisory is one line of the advisories file.
type advisory struct {
	Module  string
	FixedIn string // a semver, or unfixed:PACKAGE
	ID      string
	Summary string
	Line    int
}

// keyModules are listed first, whether or not an advisory names them.
func keyModules() []string {
	return []string{
		"github.com/gofiber/fiber/v2", "github.com/valyala/fasthttp", "github.com/jackc/pgx/v5",
		"github.com/redis/go-redis/v9", "github.com/a-h/templ",
		"github.com/pressly/goose/v3", "github.com/prometheus/client_golang", "golang.org/x/crypto",
		"golang.org/x/net", "golang.org/x/sync",
	}
}

func main() {
	path := flag.String("advisories", "audit/advisories.txt", "the advisories file")
	flag.Parse()
	if err := run(*path, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "audit:", err)
		os.Exit(1)
	}
}

func run(path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	advs, err := parseAdvisories(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	listing, err := goCmd("list", "-m", "all")
	if err != nil {
		return err
	}
	versions := parseModules(listing)
	deps, err := goCmd("list", "-deps", "./...")
	if err != nil {
		return err
	}
	imported := map[string]bool{}
	for _, p := range strings.Fields(deps) {
		imported[p] = true
	}
	goVersion, _ := goCmd("env", "GOVERSION")

	fmt.Fprintf(out, "toolchain %s (standard-library advisories are fixed by Go patch releases: keep it current)\n\n", strings.TrimSpace(goVersion))
	for _, m := range keyModules() {
		fmt.Fprintf(out, "  %-40s %s\n", m, orNone(versions[m]))
	}
	fmt.Fprintln(out)
	problems := check(advs, versions, imported, out)
	fmt.Fprintf(out, "\n%d advisories checked, %d modules in the build\n", len(advs), len(versions))
	if problems > 0 {
		return fmt.Errorf("%d advisories apply: bump the modules named above", problems)
	}
	return nil
}

// check prints a verdict per advisory and returns how many apply.
func check(advs []advisory, versions map[string]string, imported map[string]bool, out io.Writer) int {
	problems := 0
	for _, a := range advs {
		have, used := versions[a.Module]
		verdict := "ok"
		switch {
		case !used:
			verdict = "not in the build"
		case strings.HasPrefix(a.FixedIn, unfixedPrefix):
			pkg := strings.TrimPrefix(a.FixedIn, unfixedPrefix)
			if importsUnder(imported, pkg) {
				verdict = "VULNERABLE: the build imports " + pkg + " (no fixed version)"
				problems++
			} else {
				verdict = "ok (no fix; " + pkg + " not imported)"
			}
		case semver.Compare(have, a.FixedIn) < 0:
			verdict = "VULNERABLE: " + have + " < " + a.FixedIn
			problems++
		}
		fmt.Fprintf(out, "%-20s %-36s %-12s %s\n", a.ID, a.Module, orNone(have), verdict)
	}
	return problems
}

// importsUnder reports whether any imported package is pkg or below it.
func importsUnder(imported map[string]bool, pkg string) bool {
	for p := range imported {
		if p == pkg || strings.HasPrefix(p, pkg+"/") {
			return true
		}
	}
	return false
}

// parseAdvisories reads the advisories file.
func parseAdvisories(r io.Reader) ([]advisory, error) {
	var out []advisory
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want MODULE FIXED-IN ID summary", n)
		}
		a := advisory{Module: f[0], FixedIn: f[1], ID: f[2], Summary: strings.Join(f[3:], " "), Line: n}
		if !strings.HasPrefix(a.FixedIn, unfixedPrefix) && !semver.IsValid(a.FixedIn) {
			return nil, fmt.Errorf("line %d: %q is not a version (vX.Y.Z) or unfixed:PACKAGE", n, a.FixedIn)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// parseModules reads `go list -m all`: "path version" lines (the main
// module has no version; a replaced one shows "=> target version").
func parseModules(listing string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(listing, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v := f[1]
		if i := indexOf(f, "=>"); i >= 0 && len(f) > i+2 {
			v = f[i+2]
		}
		out[f[0]] = v
	}
	return out
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

func orNone(v string) string {
	if v == "" {
		return "-"
	}
	return v
}

// goCmd runs the go command and returns its standard output.
func goCmd(args ...string) (string, error) {
	gobin := os.Getenv("GO")
	if gobin == "" {
		gobin = "go"
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(gobin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", errors.New("go " + strings.Join(args, " ") + ": " + err.Error() + "\n" + stderr.String())
	}
	return stdout.String(), nil
}
