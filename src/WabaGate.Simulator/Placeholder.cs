namespace WabaGate.Simulator; internal static class Placeholder;
