namespace LoadTest.Scenarios;
