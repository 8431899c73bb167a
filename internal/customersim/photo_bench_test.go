package customersim

import "testing"

func BenchmarkSamplePhoto(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = SamplePhoto(uint8(i), 40, 90)
	}
}
