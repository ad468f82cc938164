package main

import (
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	out := `Running 5s test @ http://127.0.0.1:8000/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.84ms    2.01ms  53.90ms   95.00%
    Req/Sec    12.57k     1.10k   14.00k    70.00%
  Latency Distribution
     50%    1.84ms
     75%    2.10ms
     90%    2.50ms
     99%  812.00us
  62555 requests in 5.00s, 1.50MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:  12511.00
Transfer/sec:    307.00KB
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.RPS != 12511 || r.P50 != 1840*time.Microsecond || r.P99 != 812*time.Microsecond || r.Requests != 62555 || r.Bad != 7 || r.Read != 1.5*(1<<20) {
		t.Fatalf("%+v", r)
	}
	if _, err := parseWrk("garbage"); err == nil {
		t.Fatal("garbage parsed")
	}
}
