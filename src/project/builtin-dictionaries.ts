/**
 * The built-in dictionaries as shipped in `templates/dictionaries.yaml`, embedded so that every
 * platform has them without reading a file (they are needed before anything is read). A test
 * holds this text to the file, byte for byte: edit the file, then copy it here.
 */
export const BUILTIN_DICTIONARIES_YAML = `# Built-in dictionaries of pal-report: the allowed values of the participant sheet's
# enumerated columns (SL2014 individual-participant layout). Matching is case-insensitive,
# ignores repeated/leading/trailing spaces and treats "5-8" and "5–8" alike.
# Values marked "unverified" come from best knowledge, not from an official text (see DOMAIN.md):
# a project can extend or override any list in its own definition under \`dictionaries:\`.
# The project's templates/ must ship these lists (at least these values) as its defaults.

plec:                       # Płeć
  - Kobieta
  - Mężczyzna

rodzaj_uczestnika:          # Rodzaj uczestnika
  - indywidualny
  - pracownik lub przedstawiciel instytucji/podmiotu   # unverified

wyksztalcenie:              # Wykształcenie (highest completed ISCED level)
  - niższe niż podstawowe (ISCED 0)                     # label unverified
  - podstawowe (ISCED 1)
  - gimnazjalne (ISCED 2)
  - ponadgimnazjalne (ISCED 3)
  - policealne (ISCED 4)
  - wyższe (ISCED 5-8)

status:                     # Status osoby na rynku pracy w chwili przystąpienia do projektu
  - osoba bezrobotna zarejestrowana w ewidencji urzędów pracy
  - osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy
  - osoba bierna zawodowo
  - osoba pracująca

status_detail:              # the "W tym" column after the status: allowed values per status
  osoba bezrobotna zarejestrowana w ewidencji urzędów pracy:
    - osoba długotrwale bezrobotna
    - inne
  osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy:
    - osoba długotrwale bezrobotna
    - inne
  osoba bierna zawodowo:                                # unverified
    - osoba ucząca się
    - osoba nieuczestnicząca w kształceniu lub szkoleniu
    - inne
  osoba pracująca:                                      # unverified except MMŚP
    - osoba prowadząca działalność na własny rachunek
    - osoba pracująca w administracji rządowej
    - osoba pracująca w administracji samorządowej
    - osoba pracująca w MMŚP
    - osoba pracująca w organizacji pozarządowej
    - osoba pracująca w dużym przedsiębiorstwie
    - inne

sytuacja_po_zakonczeniu:    # Sytuacja (1) osoby w momencie zakończenia udziału w projekcie (unverified)
  - osoba poszukująca pracy po opuszczeniu programu
  - osoba uczestnicząca w kształceniu lub szkoleniu po opuszczeniu programu
  - osoba, która uzyskała kwalifikacje po opuszczeniu programu
  - osoba pracująca po opuszczeniu programu (łącznie z pracującymi na własny rachunek)
  - inne
  - nie dotyczy

tak_nie:                    # Zakończenie udziału … zgodnie z zaplanowaną dla niej ścieżką uczestnictwa, Brak PESEL, Otoczenie, Postęp …
  - Tak
  - Nie

tak_nie_odmowa:             # migrant/mniejszość, niepełnosprawność, inna niekorzystna sytuacja
  - Tak
  - Nie
  - Odmowa podania informacji

bezdomnosc:                 # Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań
  - Tak
  - Nie
  # "Odmowa podania informacji" is accepted with a warning

degurba:                    # Obszar wg stopnia urbanizacji (DEGURBA): the code, optionally followed by a label
  - "1"
  - "2"
  - "3"

forma_zatrudnienia:         # project column "Forma zatrudnienia"
  - umowa o pracę
  - umowa cywilnoprawna
  - samozatrudnienie
  - inna

obecnosc:                   # attendance marks (grid and long layouts)
  obecny: [x, "1", ob, obecny, obecna, T, Tak, "✓"]
  nieobecny: ["", "0", nb, nieobecny, nieobecna, N, Nie, "-"]
  usprawiedliwiony: [u, usp, usprawiedliwiony, usprawiedliwiona]
`;
