namespace LoadTest.Reports;
