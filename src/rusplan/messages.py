"""Every sentence rusplan says to a person, in bokmål and English.

Messages say what is wrong and what to do next. Keep `{placeholders}` the same
in both languages; tests check that every key has both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

CATALOG: dict[str, tuple[str, str]] = {
    # load
    "yaml_syntax": ("YAML-feil: {problem}. Rett opp skrivemåten (innrykk, kolon, anførselstegn) på dette stedet.",
                    "YAML error: {problem}. Fix the syntax (indentation, colon, quotes) here."),
    "bad_scalar": ("Verdien «{value}» kan ikke leses ({reason}). Skriv den på nytt, eller sett den i anførselstegn.",
                   "The value «{value}» cannot be read ({reason}). Rewrite it, or put it in quotes."),
    "complex_key": ("En nøkkel må være en enkel tekst. Skriv nøkkelen som vanlig tekst før kolon.",
                    "A key must be plain text. Write the key as plain text before the colon."),
    "duplicate_key": ("Nøkkelen «{key}» står to ganger (første gang på linje {first}); den ene ville blitt borte. Slå dem sammen eller gi nytt navn.",
                      "The key «{key}» appears twice (first on line {first}); one would be lost. Merge them or rename one."),
    "not_utf8": ("Filen er ikke lagret som UTF-8 (byte {byte}). Lagre den på nytt som UTF-8 i redigeringsprogrammet.",
                 "The file is not saved as UTF-8 (byte {byte}). Save it again as UTF-8 in your editor."),
    "tab_indent": ("Tabulator brukt til innrykk. YAML krever mellomrom: bytt tabulatoren ut med mellomrom.",
                   "Tab used for indentation. YAML requires spaces: replace the tab with spaces."),
    "empty_file": ("Filen er tom. Fyll den inn (se docs/plan-format.md) eller slett den.",
                   "The file is empty. Fill it in (see docs/plan-format.md) or delete it."),
    "too_many_nodes": ("Filen inneholder mer enn {max} verdier (en svært lang liste, eller ankre/aliaser som gjentas). En plan trenger ikke så mange: del opp filen eller fjern de gjentatte aliasene (*navn).",
                       "The file holds more than {max} values (a very long list, or repeated anchors/aliases). A plan needs no such number: split the file or remove the repeated aliases (*name)."),
    "too_deep": ("Strukturen er nestet dypere enn {max} nivåer. En plan trenger ikke så mange nivåer: rett opp innrykket.",
                 "The structure is nested deeper than {max} levels. A plan needs no such depth: fix the indentation."),
    "too_large": ("Filen er {mb} MB; grensen er {max_mb} MB. Del den opp eller fjern det som ikke hører hjemme i planen.",
                  "The file is {mb} MB; the limit is {max_mb} MB. Split it or remove what does not belong in the plan."),
    "unreadable": ("Filen kan ikke leses: {reason}. Sjekk at den finnes og at du har lesetilgang.",
                   "The file cannot be read: {reason}. Check that it exists and that you may read it."),
    "not_a_plan": ("«{path}» er ikke en planmappe (ingen plan.yaml), og inneholder ingen planmapper. Pek på en planmappe eller på plans/.",
                   "«{path}» is not a plan folder (no plan.yaml) and holds no plan folders. Point at a plan folder or at plans/."),
    "os.permission": ("du har ikke lesetilgang", "you may not read it"),
    "os.missing": ("den finnes ikke", "it does not exist"),
    "os.loop": ("en symbolsk lenke peker i ring", "a symbolic link points round in a circle"),
    "os.directory": ("det er en mappe, ikke en fil", "it is a folder, not a file"),
    "os.not_regular": ("det er ikke en vanlig fil (en enhet, en pipe eller lignende)", "it is not a regular file (a device, a pipe or the like)"),
    "os.other": ("{detail}", "{detail}"),
    "bad_link": ("«{path}» er en symbolsk lenke som ikke fører fram (brutt, eller i ring). Rett eller fjern lenken.",
                 "«{path}» is a symbolic link that leads nowhere (broken, or circular). Fix or remove the link."),
    "not_found": ("«{path}» finnes ikke. Sjekk stavemåten.", "«{path}» does not exist. Check the spelling."),
    "unknown_file": ("Filen «{name}» er ikke en del av planformatet og blir ikke lest. Gi den riktig navn eller flytt den ut av planmappen.",
                     "The file «{name}» is not part of the plan format and is not read. Rename it or move it out of the plan folder."),
    "not_mapping": ("Filen må inneholde nøkler og verdier (en YAML-mapping), ikke {found}. Se docs/plan-format.md.",
                    "The file must contain keys and values (a YAML mapping), not {found}. See docs/plan-format.md."),
    # schema
    "unknown_key": ("Ukjent nøkkel «{key}».{hint} Rett skrivefeilen eller fjern nøkkelen.",
                    "Unknown key «{key}».{hint} Fix the typo or remove the key."),
    "did_you_mean": (" Mente du «{guess}»?", " Did you mean «{guess}»?"),
    "missing_field": ("«{field}» mangler. Legg den til her.", "«{field}» is missing. Add it here."),
    "invalid_value": ("Ugyldig verdi for «{field}»: {problem}.", "Invalid value for «{field}»: {problem}."),
    # structure and references
    "id_mismatch": ("Id-en «{id}» skal være lik {what} «{expected}». Endre id-en eller gi {what} nytt navn.",
                    "The id «{id}» must equal the {what} «{expected}». Change the id or rename the {what}."),
    "focus_area_missing": ("Fokusområdet «{id}» står i plan.yaml, men filen {file} finnes ikke. Opprett filen eller fjern id-en fra listen.",
                           "Focus area «{id}» is listed in plan.yaml but {file} does not exist. Create the file or remove the id from the list."),
    "focus_area_unlisted": ("Fokusområdet «{id}» står ikke i listen focus_areas i plan.yaml og blir ikke med i planen. Legg det til i listen.",
                            "Focus area «{id}» is not listed in focus_areas in plan.yaml and is left out of the plan. Add it to the list."),
    "status_year_mismatch": ("Året {year} stemmer ikke med filnavnet {file}. Rett året eller gi filen nytt navn.",
                             "The year {year} does not match the file name {file}. Fix the year or rename the file."),
    "duplicate_id": ("Id-en «{id}» er brukt før (linje {first} i {file}). Id-er må være unike i planen: gi denne en ny id.",
                     "The id «{id}» is used before (line {first} in {file}). Ids must be unique in a plan: give this one a new id."),
    "duplicate_plan": ("Planen «{id}» finnes også i {other}. Hver plan-id kan bare finnes én gang.",
                       "The plan «{id}» also exists in {other}. Each plan id may exist only once."),
    "scope_plan": ("planen", "the plan"),
    "scope_goal": ("{area} / mål {goal} ({prefix}.x)", "{area} / goal {goal} ({prefix}.x)"),
    "number_duplicate": ("Nummeret {number} er brukt før i {scope} (tiltak «{other}»). Gi tiltaket et nytt nummer.",
                         "The number {number} is used before in {scope} (measure «{other}»). Give the measure a new number."),
    "number_skipped": ("Nummereringen hopper fra {previous} til {number} i {scope}. Nummerer tiltakene fortløpende.",
                       "The numbering jumps from {previous} to {number} in {scope}. Number the measures consecutively."),
    "deadline_outside": ("Fristen «{deadline}» ligger utenfor planperioden {start}–{end}. Sett en frist i perioden, eller forklar i beskrivelsen.",
                         "The deadline «{deadline}» is outside the plan period {start}–{end}. Set a deadline within the period, or explain it in the description."),
    "no_responsible": ("Tiltaket «{title}» har ingen ansvarlig enhet. Legg til hvem som har ansvaret under responsible.",
                       "The measure «{title}» has no responsible unit. Add who is responsible under responsible."),
    "carried_from_unresolved": ("Videreført fra «{ref}»: {reason}. Rett henvisningen (plan-id/tiltak-id).",
                                "Carried from «{ref}»: {reason}. Fix the reference (plan-id/measure-id)."),
    "ref_no_measure": ("planen «{plan}» har ikke noe tiltak med id «{measure}»", "plan «{plan}» has no measure with id «{measure}»"),
    "ref_not_predecessor": ("planen «{plan}» er ikke forrige plan («{predecessor}»)", "plan «{plan}» is not the predecessor («{predecessor}»)"),
    "predecessor_missing": ("Forrige plan «{id}» finnes ikke blant planene som valideres, så henvisninger til den kan ikke sjekkes. Legg den i samme mappe som denne planen.",
                            "The predecessor «{id}» is not among the plans validated, so references to it cannot be checked. Put it in the same folder as this plan."),
    "status_unknown_measure": ("Statusrapporten gjelder tiltak «{measure}», som ikke finnes i planen. Rett id-en.",
                               "The status report refers to measure «{measure}», which is not in the plan. Fix the id."),
    "status_year_outside": ("Statusrapporten for {year} ligger utenfor planperioden {start}–{end}. Rett året.",
                            "The status report for {year} is outside the plan period {start}–{end}. Fix the year."),
    "status_duplicate": ("Tiltak «{measure}» er rapportert to ganger i samme statusrapport (første gang linje {first}). Slå rapportene sammen.",
                         "Measure «{measure}» is reported twice in the same status report (first on line {first}). Merge the reports."),
    "status_regressed": ("Tiltak «{measure}» ble rapportert gjennomført i {done_year}, men nå «{status}» uten merknad. Skriv i note hva som har skjedd.",
                         "Measure «{measure}» was reported done in {done_year} but is now «{status}» without a note. Explain in note what happened."),
    "evaluation_missing": ("Evalueringen mangler tiltak «{measure}» ({title}) fra forrige plan. Legg til resultatet for tiltaket.",
                           "The evaluation lacks measure «{measure}» ({title}) of the predecessor. Add its outcome."),
    "evaluation_unknown": ("Evalueringen gjelder tiltak «{measure}», som ikke finnes i planen «{plan}». Rett id-en.",
                           "The evaluation refers to measure «{measure}», which is not in plan «{plan}». Fix the id."),
    "evaluation_plan": ("Evalueringen gjelder «{plan}», men forrige plan er «{predecessor}». Rett plan i evaluation.yaml eller predecessor i plan.yaml.",
                        "The evaluation is of «{plan}», but the predecessor is «{predecessor}». Fix plan in evaluation.yaml or predecessor in plan.yaml."),
    "continued_not_carried": ("Evalueringen sier at tiltak «{measure}» videreføres, men ingen tiltak i planen har carried_from: {plan}/{measure}. Legg det til på tiltaket som viderefører det, eller sett continued: false.",
                              "The evaluation says measure «{measure}» is continued, but no measure of the plan has carried_from: {plan}/{measure}. Add it to the measure that continues it, or set continued: false."),
    "period_length": ("Planperioden {start}–{end} er {years} år. Planer følger vanligvis kommunestyreperioden på fire år (alkoholloven § 1-6).",
                      "The plan period {start}–{end} is {years} years. Plans usually follow the four-year council term (Alcohol Act § 1-6)."),
    "period_alignment": ("Planperioden slutter i {end}, men bevillingsperioden slutter 30. september året etter kommunevalget ({aligned}). Vurder å la planen følge bevillingsperioden (alkoholloven § 1-6).",
                         "The plan period ends in {end}, but the licence period ends on 30 September the year after the election ({aligned}). Consider aligning the plan with it (Alcohol Act § 1-6)."),
    "controls_too_few": ("Planlagt {controls} kontroller per år, men {outlets} salgs- og skjenkesteder krever minst {needed} (tre per sted, alkoholforskriften § 9-7). Øk antallet kontroller.",
                         "{controls} controls planned per year, but {outlets} outlets require at least {needed} (three per outlet, alcohol regulations § 9-7). Increase the number of controls."),
    "sales_hours": ("Salgstiden {start}–{end} ({when}) går utenfor lovens ramme {frame} (alkoholloven § 3-7). Rett salgstiden.",
                    "The sales hours {start}–{end} ({when}) go outside the legal frame {frame} (Alcohol Act § 3-7). Fix the sales hours."),
    "serving_hours": ("Skjenketiden {start}–{end} ({group}) går utenfor lovens ramme {frame} (alkoholloven § 4-4). Rett skjenketiden.",
                      "The serving hours {start}–{end} ({group}) go outside the legal frame {frame} (Alcohol Act § 4-4). Fix the serving hours."),
    # review (RP701, RP702) and roll-forward
    "review_deadline": ("Tiltaket «{title}» er videreført fra {source}, men fristen lå i forrige planperiode og er fjernet. Sett en ny frist under deadline, og fjern «deadline» fra review.",
                        "The measure «{title}» is carried over from {source}, but its deadline fell in the previous period and was removed. Set a new deadline under deadline, and remove «deadline» from review."),
    "review_outcome_unknown": ("Tiltaket «{title}» er videreført fra {source} uten kjent resultat. Avgjør om det skal beholdes, fjern «outcome-unknown» fra review, og rett resultatet i evaluation.yaml.",
                               "The measure «{title}» is carried over from {source} with no known outcome. Decide whether to keep it, remove «outcome-unknown» from review, and correct its outcome in evaluation.yaml."),
    "rollforward_refused": ("Planen «{id}» har feil og blir ikke rullert. Rett feilene over og prøv igjen.",
                            "The plan «{id}» has errors and is not rolled forward. Fix the errors above and try again."),
    "rollforward_not_single": ("«{path}» inneholder {count} planer. Pek på én planmappe, f.eks. plans/molde-2020-2024.",
                               "«{path}» holds {count} plans. Point at one plan folder, e.g. plans/molde-2020-2024."),
    "rollforward_period": ("«{value}» er ikke en planperiode. Skriv den som FRA-TIL, f.eks. --to 2024-2028.",
                           "«{value}» is not a plan period. Write it as START-END, e.g. --to 2024-2028."),
    "rollforward_period_order": ("Den nye perioden {start}–{end} må komme etter den gamle ({old_start}–{old_end}). Rett --to.",
                                 "The new period {start}–{end} must come after the old one ({old_start}–{old_end}). Fix --to."),
    "rollforward_bad_id": ("Plan-id-en «{id}» har feil form: bruk små bokstaver a–z, sifre og bindestrek, f.eks. --id molde-2024-2028.",
                           "The plan id «{id}» has the wrong form: use lower-case a–z, digits and hyphens, e.g. --id molde-2024-2028."),
    "rollforward_same_id": ("Den nye planen kan ikke ha samme id som den gamle («{id}»). Velg en annen med --id.",
                            "The new plan cannot have the same id as the old one («{id}»). Choose another with --id."),
    "rollforward_carry_unknown": ("--carry {id}: planen «{plan}» har ikke noe tiltak med den id-en. Bruk tiltakets id (f.eks. t41), ikke nummeret.",
                                  "--carry {id}: plan «{plan}» has no measure with that id. Use the measure's id (e.g. t41), not its number."),
    "target_exists": ("«{path}» finnes allerede. roll-forward skriver aldri over en mappe, heller ikke med --force: flytt eller slett den selv, eller velg en annen med --out.",
                      "«{path}» already exists. roll-forward never overwrites a folder, not even with --force: move or delete it yourself, or choose another with --out."),
    "target_parent_missing": ("Mappen «{path}» finnes ikke. Opprett den først, eller velg en annen med --out.",
                              "The folder «{path}» does not exist. Create it first, or choose another with --out."),
    "target_name": ("Mappenavnet «{name}» må være lik plan-id-en «{id}». Bruk --out …/{id}, eller --id {name}.",
                    "The folder name «{name}» must equal the plan id «{id}». Use --out …/{id}, or --id {name}."),
    "write_failed": ("Planen kunne ikke skrives: {reason}. Ingenting er skrevet; rett feilen og prøv igjen.",
                     "The plan could not be written: {reason}. Nothing was written; fix the problem and try again."),
    "draft_invalid": ("Utkastet validerer ikke, så ingenting er skrevet. Dette er en feil i rusplan: meld den med funnene over.",
                      "The draft does not validate, so nothing was written. This is a bug in rusplan: report it with the findings above."),
    "what_folder": ("mappenavnet", "folder name"),
    "what_file": ("filnavnet", "file name"),
    "weekdays": ("hverdager", "weekdays"),
    "before_holidays": ("dager før søn- og helligdager", "days before Sundays and holidays"),
    "group_1_2": ("gruppe 1 og 2", "groups 1 and 2"),
    "group_3": ("gruppe 3", "group 3"),
    # status of a measure in a status report (rules/status.py, render.py)
    "status.planned": ("planlagt", "planned"),
    "status.in_progress": ("pågår", "in progress"),
    "status.done": ("gjennomført", "done"),
    "status.partly_done": ("delvis gjennomført", "partly done"),
    "status.not_done": ("ikke gjennomført", "not done"),
    "status.discontinued": ("avviklet", "discontinued"),
    # render
    "render_template_missing": ("Malen «{name}» finnes ikke (søkt i {searched}). Rett navnet i malen som viser til den, eller legg malen i --templates-mappen.",
                                "The template «{name}» does not exist (searched in {searched}). Fix the name in the template that refers to it, or put the template in the --templates folder."),
    "render_template_error": ("Feil i malen {file}, linje {line}: {problem}", "Error in the template {file}, line {line}: {problem}"),
    "render_no_status_reports": ("Planen «{id}» har ingen statusrapporter (status/<år>.yaml); en årsrapport kan ikke lages.",
                                 "The plan «{id}» has no status reports (status/<year>.yaml); an annual report cannot be made."),
    "render_no_status_for_year": ("Planen «{id}» har ingen statusrapport for {year} (status/{year}.yaml). Rapporterte år: {years}.",
                                  "The plan «{id}» has no status report for {year} (status/{year}.yaml). Years reported: {years}."),
    "render_no_predecessor": ("Planen «{id}» har ingen forrige plan (predecessor i plan.yaml); en revisjonsrapport kan ikke lages.",
                              "The plan «{id}» has no predecessor (predecessor in plan.yaml); a revision report cannot be made."),
    "render_predecessor_missing": ("Forrige plan «{predecessor}» finnes ikke, eller har feil, i {folder}. Legg den ved siden av «{id}» og kjør rusplan validate på den.",
                                   "The predecessor «{predecessor}» is missing, or has errors, in {folder}. Put it beside «{id}» and run rusplan validate on it."),
    "render_unknown_report": ("Ukjent rapport «{report}». Velg {choices}.", "Unknown report «{report}». Choose {choices}."),
    "render_year_not_status": ("--year gjelder bare årsrapporten (--report status).", "--year applies only to the annual report (--report status)."),
    "render_templates_missing": ("Malmappen «{path}» finnes ikke.", "The template folder «{path}» does not exist."),
    "render_bad_date": ("«{value}» er ikke en dato. Skriv --generated som ÅÅÅÅ-MM-DD, f.eks. 2024-03-01.",
                        "«{value}» is not a date. Write --generated as YYYY-MM-DD, e.g. 2024-03-01."),
    "render_not_one_plan": ("«{path}» må være én planmappe (med plan.yaml).", "«{path}» must be one plan folder (with plan.yaml)."),
    "render_output_exists": ("Filen «{path}» finnes allerede. Bruk --force for å overskrive den.", "The file «{path}» already exists. Use --force to overwrite it."),
    "format_unknown_extension": ("rusplan kan ikke skrive filtypen «{suffix}» ({path}). Bruk en av {known}, eller velg formatet med --format.",
                                 "rusplan cannot write the file type «{suffix}» ({path}). Use one of {known}, or choose the format with --format."),
    "format_contradiction": ("Filnavnet «{path}» sier {implied}, men --format sier {given}. Gi filen endelsen som passer, eller la --format være.",
                             "The file name «{path}» says {implied}, but --format says {given}. Give the file the matching extension, or leave out --format."),
    "export_output_exists": ("Filen «{path}» finnes allerede. Bruk --force for å overskrive den.", "The file «{path}» already exists. Use --force to overwrite it."),
    "render_write_failed": ("Kan ikke skrive «{path}»: {reason}.", "Cannot write «{path}»: {reason}."),
    # site (rusplan site)
    "site_written": ("Nettstedet i {out}: {pages} sider fra {plans} planer; {written} skrevet, {unchanged} uendret, {removed} fjernet.",
                     "The site in {out}: {pages} pages from {plans} plans; {written} written, {unchanged} unchanged, {removed} removed."),
    "site_plan_errors": ("Planene over har feil, så nettstedet er ikke skrevet. Rett feilene (rusplan validate) og prøv igjen.",
                         "The plans above have errors, so the site was not written. Fix the errors (rusplan validate) and try again."),
    "site_write_failed": ("Kan ikke skrive nettstedet til «{path}»: {reason}. Sider som alt var skrevet, er hele; kjør på nytt når feilen er rettet.",
                          "Cannot write the site to «{path}»: {reason}. Pages already written are whole; run again once the problem is fixed."),
    "site_output_is_plan": ("«{path}» er en planmappe eller ligger i en; velg en egen mappe for nettstedet med -o, f.eks. -o site.",
                            "«{path}» is a plan folder or lies inside one; choose a folder of its own for the site with -o, e.g. -o site."),
}

SCHEMA_PROBLEMS: dict[str, tuple[str, str]] = {
    "int_parsing": ("skal være et heltall", "must be a whole number"),
    "int_type": ("skal være et heltall", "must be a whole number"),
    "int_from_float": ("skal være et heltall", "must be a whole number"),
    "float_parsing": ("skal være et tall", "must be a number"),
    "float_type": ("skal være et tall", "must be a number"),
    "string_type": ("skal være tekst", "must be text"),
    "bool_type": ("skal være true eller false", "must be true or false"),
    "bool_parsing": ("skal være true eller false", "must be true or false"),
    "list_type": ("skal være en liste (linjer som begynner med «- »)", "must be a list (lines starting with «- »)"),
    "dict_type": ("skal være nøkler og verdier", "must be keys and values"),
    "model_type": ("skal være nøkler og verdier", "must be keys and values"),
    "model_attributes_type": ("skal være nøkler og verdier", "must be keys and values"),
    "date_type": ("skal være en dato på formen ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "date_parsing": ("skal være en dato på formen ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": ("skal være en dato på formen ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "string_pattern_mismatch": ("har feil form ({hint})", "has the wrong form ({hint})"),
    "string_too_short": ("kan ikke være tom", "cannot be empty"),
    "too_short": ("kan ikke være tom", "cannot be empty"),
    "enum": ("må være en av: {expected}{hint}", "must be one of: {expected}{hint}"),
    "enum_guess": (" (mente du «{guess}»?)", " (did you mean «{guess}»?)"),
    "display_number": ("«{value}» er ikke et visningsnummer; skriv sifre, punktum og eventuelt en bokstav, f.eks. «3», «1.3» eller «3a»",
                       "«{value}» is not a display number; write digits, dots and perhaps a letter, e.g. «3», «1.3» or «3a»"),
    "period_order": ("sluttåret {end} er før startåret {start}", "the end year {end} is before the start year {start}"),
    "rule_code": ("ukjent regelkode «{code}» (skriv f.eks. RP302; se docs/rules.md)", "unknown rule code «{code}» (write e.g. RP302; see docs/rules.md)"),
    "date_from_datetime_inexact": ("skal være en dato uten klokkeslett, på formen ÅÅÅÅ-MM-DD", "must be a date without a time of day, written YYYY-MM-DD"),
    "datetime_from_date_parsing": ("skal være en dato på formen ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "int_parsing_size": ("er et for stort tall", "is too large a number"),
    "string_too_long": ("er for lang (høyst {max_length} tegn)", "is too long (at most {max_length} characters)"),
    "too_long": ("har for mange punkter (høyst {max_length})", "has too many items (at most {max_length})"),
    "greater_than": ("må være større enn {gt}", "must be greater than {gt}"),
    "less_than": ("må være mindre enn {lt}", "must be less than {lt}"),
    "literal_error": ("har en verdi som ikke er tillatt her (se docs/plan-format.md)", "has a value not allowed here (see docs/plan-format.md)"),
    "none_required": ("skal stå tom", "must be empty"),
    "other": ("har feil form eller verdi (se docs/plan-format.md; feiltype {kind})", "has the wrong form or value (see docs/plan-format.md; error type {kind})"),
    "greater_than_equal": ("må være minst {ge}", "must be at least {ge}"),
    "less_than_equal": ("kan være høyst {le}", "may be at most {le}"),
}

YAML_PROBLEMS: dict[str, tuple[str, str]] = {
    "colon": ("et kolon står der det ikke er lov (sett teksten i anførselstegn hvis den inneholder «: »)",
              "a colon stands where it is not allowed (quote the text if it contains «: »)"),
    "indent": ("et kolon står der det ikke er lov: sjekk innrykket på denne linjen mot linjen over (samme nivå, samme antall mellomrom)",
               "a colon stands where it is not allowed: check the indentation of this line against the line above (same level, same number of spaces)"),
    "end_of_stream": ("filen slutter midt i en verdi (mangler et avsluttende anførselstegn eller en klammeparentes?)",
                      "the file ends in the middle of a value (a closing quote or bracket missing?)"),
    "alias": ("ukjent alias (*navn uten &navn)", "unknown alias (*name without &name)"),
    "documents": ("filen inneholder mer enn ett YAML-dokument («---»); en planfil er ett dokument",
                  "the file holds more than one YAML document («---»); a plan file is one document"),
    "merge": ("«<<» må vise til nøkler og verdier (&navn på en mapping)", "«<<» must refer to keys and values (&name on a mapping)"),
    "tab": ("tabulator der YAML krever mellomrom", "tab where YAML requires spaces"),
    "character": ("et tegn som ikke kan begynne en verdi (sett teksten i anførselstegn)", "a character that cannot start a value (quote the text)"),
    "scanner": ("teksten her kan ikke leses som YAML (et anførselstegn, en klammeparentes eller et spesialtegn som ikke er lukket eller skrevet riktig)",
                "the text here cannot be read as YAML (a quote, bracket or special character not closed or written correctly)"),
    "structure": ("strukturen stemmer ikke her (sjekk innrykket, og at hver nøkkel og hvert listepunkt «- » står på riktig nivå)",
                  "the structure does not fit here (check the indentation, and that each key and list item «- » is at the right level)"),
    "control_char": ("kontrolltegnet {char} er ikke tillatt i en YAML-fil; slett det (det kommer ofte med ved kopiering)",
                     "the control character {char} is not allowed in a YAML file; delete it (it often comes along when copying)"),
    "bad_date": ("det ser ut som en dato, men finnes ikke i kalenderen", "it looks like a date but is not in the calendar"),
    "bad_number": ("det ser ut som et tall, men kan ikke leses som et", "it looks like a number but cannot be read as one"),
    "bad_value": ("verdien har en form YAML ikke kan lese", "the value has a form YAML cannot read"),
}

PATTERN_HINTS: dict[str, tuple[str, str]] = {
    "slug": ("små bokstaver a–z, sifre og bindestrek, f.eks. «barn-og-unge»", "lower-case a–z, digits and hyphens, e.g. «barn-og-unge»"),
    "ref": ("plan-id/tiltak-id, f.eks. «molde-2016-2020/bu-1-1»", "plan-id/measure-id, e.g. «molde-2016-2020/bu-1-1»"),
    "clock": ("klokkeslett TT:MM, f.eks. «08:00»", "time HH:MM, e.g. «08:00»"),
    "other": ("se docs/plan-format.md", "see docs/plan-format.md"),
}


USAGE: dict[str, tuple[str, str]] = {
    "usage": ("Bruk:", "Usage:"),
    "options_metavar": ("[VALG]", "[OPTIONS]"),
    "command_metavar": ("KOMMANDO [ARGUMENTER] ...", "COMMAND [ARGS] ..."),
    "arguments": ("Argumenter:", "Arguments:"),
    "options": ("Valg:", "Options:"),
    "commands": ("Kommandoer:", "Commands:"),
    "required": ("[påkrevd]", "[required]"),
    "default": ("[standard: {value}]", "[default: {value}]"),
    "help_option": ("Vis denne hjelpen og avslutt.", "Show this help and exit."),
    "version_option": ("Vis versjonen av rusplan og bibliotekene den bruker, og avslutt.", "Show the version of rusplan and the libraries it uses, and exit."),
    "metavar.path": ("STI", "PATH"),
    "metavar.number": ("TALL", "NUMBER"),
    "metavar.text": ("TEKST", "TEXT"),
    "error": ("Feil: {problem}", "Error: {problem}"),
    "more": ("Se «{command} --help» for alle valg.", "See «{command} --help» for all options."),
    "missing": ("Mangler {name}.", "Missing {name}."),
    "missing_described": ("Mangler {name}: {help}.", "Missing {name}: {help}."),
    "missing_command": ("Mangler kommando. Velg en av kommandoene nedenfor.", "Missing command. Choose one of the commands below."),
    "unknown_option": ("Ukjent valg «{name}».{hint}", "Unknown option «{name}».{hint}"),
    "unknown_command": ("Ukjent kommando «{name}».{hint}", "Unknown command «{name}».{hint}"),
    "did_you_mean": (" Mente du {guesses}?", " Did you mean {guesses}?"),
    "needs_value": ("«{name}» trenger en verdi etter seg.", "«{name}» needs a value after it."),
    "takes_no_value": ("«{name}» tar ingen verdi.", "«{name}» takes no value."),
    "bad_value": ("Ugyldig verdi for {name}: {why}.", "Invalid value for {name}: {why}."),
    "bad_given_value": ("Ugyldig verdi «{value}» for {name}: {why}.", "Invalid value «{value}» for {name}: {why}."),
    "why.choice": ("velg en av {choices}", "choose one of {choices}"),
    "why.number": ("skriv et helt tall, f.eks. 2024", "write a whole number, e.g. 2024"),
    "why.other": ("se «rusplan {command} --help»", "see «rusplan {command} --help»"),
    "extra_arguments": ("For mange argumenter: {words}.", "Too many arguments: {words}."),
    "other": ("Kommandolinjen kan ikke brukes slik.", "The command line cannot be used like that."),
    "aborted": ("Avbrutt: ingenting er skrevet.", "Aborted: nothing was written."),
    "internal": ("rusplan: intern feil ({kind}). Dette er en feil i rusplan, ikke i planen din. Kjør på nytt med RUSPLAN_DEBUG=1 og send utskriften til dem som drifter rusplan.",
                 "rusplan: internal error ({kind}). This is a bug in rusplan, not in your plan. Run again with RUSPLAN_DEBUG=1 and send the output to those who run rusplan."),
}


CATALOG.update({f"usage.{k}": v for k, v in USAGE.items()})
CATALOG.update({f"schema.{k}": v for k, v in SCHEMA_PROBLEMS.items()})
CATALOG.update({f"pattern.{k}": v for k, v in PATTERN_HINTS.items()})
CATALOG.update({f"yaml.{k}": v for k, v in YAML_PROBLEMS.items()})


@dataclass(frozen=True)
class Msg:
    """A message to be worded later, in the reader's language; params may nest Msgs."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, message_key: str, /, **params: Any) -> Msg:
        return cls(message_key, tuple(params.items()))

    def text(self, lang: str = "nb") -> str:
        return render(self.key, dict(self.params), lang)


def language(lang: str | None = None) -> str:
    """The reader's language: the flag, else RUSPLAN_LANG, else bokmål."""
    chosen = (lang or os.environ.get("RUSPLAN_LANG") or "nb").lower()
    return "en" if chosen.startswith("en") else "nb"


def render(key: str, params: dict[str, Any], lang: str = "nb") -> str:
    nb, en = CATALOG[key]
    template = en if language(lang) == "en" else nb
    worded = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in params.items()}
    return template.format(**worded)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if language(lang) == "en" else pair[0]
