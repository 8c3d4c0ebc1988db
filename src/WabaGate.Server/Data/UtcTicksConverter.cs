using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WabaGate.Server.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks (SQLite only), so ordering and comparison work in SQL.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
