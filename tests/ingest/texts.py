"""Article texts written for these tests (fictional events, no real reporting)."""

from __future__ import annotations

HARBOUR_ARTICLE = """\
Chile and Argentina agreed on Tuesday to open a joint customs post at the Cristo Redentor \
pass before the winter, the two governments said in a statement after talks between their \
transport ministers in the border town of Los Andes.

The ministers said the shared post would cut the waiting time for lorries crossing the Andes \
from two days to a few hours, and that officers from both countries would inspect each vehicle \
once instead of twice. Freight companies have complained for years that queues at the pass \
add millions of dollars to the cost of trade between the neighbours.

Under the plan, Chile will pay for new inspection lanes and a heated shelter for drivers, \
while Argentina will supply scanning equipment and staff for a round-the-clock service. \
Engineers are expected to begin work in March, officials said, and the post should be ready \
by the middle of June if the weather allows.

The agreement also commits both sides to share cargo data electronically, a step that trade \
groups on both sides of the mountains had long urged. A working group will meet every month \
to check progress, and the ministers plan to review the arrangement at the end of the year.
"""

DROUGHT_ARTICLE = """\
Kenya's government said on Thursday it would send water tankers and animal feed to four \
northern counties where a prolonged drought has killed thousands of goats and cattle, \
leaving herding families without food or income.

The interior ministry said the first convoys would leave Nairobi at the weekend and that \
local officials had been told to open schools as distribution points. Aid groups welcomed \
the announcement but warned that the help would not last beyond the next few weeks unless \
the rains arrived on time.

Meteorologists have forecast below-average rainfall for the coming season, and several \
rivers that herders rely on have already dried up. Some families have walked for days to \
reach wells near the border, where clashes over grazing land have increased this year.
"""

ENGLISH_PARAGRAPH = (
    "The government said on Monday that it would not reopen the border until the two sides "
    "had agreed on a plan for the return of refugees, and that talks were expected to resume "
    "next week."
)
FRENCH_PARAGRAPH = (
    "Le gouvernement a déclaré lundi qu'il ne rouvrirait pas la frontière tant que les deux "
    "parties ne se seraient pas mises d'accord sur un plan pour le retour des réfugiés, et que "
    "les discussions devraient reprendre la semaine prochaine."
)
GERMAN_PARAGRAPH = (
    "Die Regierung erklärte am Montag, dass sie die Grenze erst wieder öffnen werde, wenn sich "
    "beide Seiten auf einen Plan für die Rückkehr der Flüchtlinge geeinigt hätten, und dass die "
    "Gespräche in der nächsten Woche fortgesetzt werden sollten."
)
RUSSIAN_PARAGRAPH = (
    "Правительство заявило в понедельник, что не откроет границу, пока обе стороны не "
    "согласуют план возвращения беженцев, и что переговоры должны возобновиться на следующей "
    "неделе."
)
SPANISH_PARAGRAPH = "El gobierno dijo el lunes que no abrirá la frontera hasta que las dos partes acuerden un plan."
PORTUGUESE_PARAGRAPH = (
    "O governo disse na segunda-feira que não vai reabrir a fronteira até que as duas partes cheguem a um acordo."
)
ITALIAN_PARAGRAPH = (
    "Il governo ha detto lunedì che non riaprirà il confine finché le due parti non avranno concordato un piano."
)
DUTCH_PARAGRAPH = (
    "De regering zei maandag dat zij de grens niet zal heropenen totdat de twee partijen het eens zijn over een plan."
)
ARABIC_PARAGRAPH = "قالت الحكومة يوم الاثنين إنها لن تعيد فتح الحدود حتى يتفق الطرفان على خطة."
URDU_PARAGRAPH = "حکومت نے پیر کو کہا کہ وہ سرحد اس وقت تک نہیں کھولے گی جب تک دونوں فریق متفق نہیں ہو جاتے۔"
PERSIAN_PARAGRAPH = "دولت روز دوشنبه گفت که مرز را تا زمانی که دو طرف بر سر یک برنامه توافق نکنند باز نمی‌کند."
CHINESE_PARAGRAPH = "政府周一表示，在双方就难民返回计划达成一致之前，不会重新开放边境。"
