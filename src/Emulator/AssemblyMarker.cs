namespace LoadTest.Emulator;
