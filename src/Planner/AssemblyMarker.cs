namespace LoadTest.Planner;
