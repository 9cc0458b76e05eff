"""News-like texts in 16 languages for bench/langid_compare.py, written for dyad (not taken from any
corpus). Each language has a headline-length text and paragraph-length texts, because a language
identifier earns its keep on the short ones."""

from __future__ import annotations

SAMPLE: dict[str, list[str]] = {
    "en": [
        "Foreign ministers meet in Geneva to discuss the ceasefire",
        "The government announced on Tuesday that it would reopen the border crossing after talks with "
        "its neighbour, officials said.",
        "Parliament rejected the budget proposal, and the opposition called for early elections before "
        "the end of the year.",
        "Police arrested dozens of protesters outside the ministry as thousands gathered to demand higher "
        "wages and lower fuel prices.",
    ],
    "fr": [
        "Le président reçoit son homologue allemand à l'Élysée",
        "Le gouvernement a annoncé mardi la réouverture du poste-frontière après des négociations avec "
        "le pays voisin, selon des responsables.",
        "L'Assemblée nationale a rejeté le projet de budget et l'opposition réclame des élections "
        "anticipées avant la fin de l'année.",
        "La police a interpellé des dizaines de manifestants devant le ministère, où des milliers de "
        "personnes réclamaient de meilleurs salaires.",
    ],
    "es": [
        "El ministro de Exteriores viaja a Bogotá para firmar el acuerdo",
        "El Gobierno anunció el martes que reabrirá el paso fronterizo tras las conversaciones con el "
        "país vecino, según fuentes oficiales.",
        "El Congreso rechazó el proyecto de presupuesto y la oposición pidió elecciones anticipadas antes "
        "de que termine el año.",
        "La policía detuvo a decenas de manifestantes frente al ministerio mientras miles de personas "
        "exigían salarios más altos.",
    ],
    "de": [
        "Außenministerin reist zu Gesprächen über Waffenruhe nach Kairo",
        "Die Regierung hat am Dienstag angekündigt, den Grenzübergang nach Verhandlungen mit dem "
        "Nachbarland wieder zu öffnen, wie Beamte mitteilten.",
        "Der Bundestag lehnte den Haushaltsentwurf ab, und die Opposition forderte vorgezogene Neuwahlen "
        "noch vor Jahresende.",
        "Die Polizei nahm vor dem Ministerium Dutzende Demonstranten fest, während Tausende höhere Löhne verlangten.",
    ],
    "pt": [
        "Presidente brasileiro recebe primeiro-ministro indiano em Brasília",
        "O governo anunciou na terça-feira que vai reabrir a passagem de fronteira depois das conversas "
        "com o país vizinho, segundo autoridades.",
        "O Congresso rejeitou a proposta de orçamento e a oposição pediu eleições antecipadas antes do fim do ano.",
        "A polícia prendeu dezenas de manifestantes em frente ao ministério enquanto milhares exigiam "
        "salários mais altos.",
    ],
    "it": [
        "Il ministro degli Esteri incontra l'inviato dell'Onu a Roma",
        "Il governo ha annunciato martedì che riaprirà il valico di frontiera dopo i colloqui con il "
        "paese vicino, secondo fonti ufficiali.",
        "Il Parlamento ha respinto la proposta di bilancio e l'opposizione ha chiesto elezioni anticipate "
        "entro la fine dell'anno.",
        "La polizia ha arrestato decine di manifestanti davanti al ministero mentre migliaia di persone "
        "chiedevano salari più alti.",
    ],
    "nl": [
        "Minister van Buitenlandse Zaken bezoekt Kiev voor overleg",
        "De regering maakte dinsdag bekend dat de grensovergang na gesprekken met het buurland weer "
        "opengaat, zeiden functionarissen.",
        "Het parlement verwierp de begroting en de oppositie eiste vervroegde verkiezingen voor het "
        "einde van het jaar.",
        "De politie arresteerde tientallen demonstranten voor het ministerie terwijl duizenden mensen "
        "hogere lonen eisten.",
    ],
    "pl": [
        "Minister spraw zagranicznych spotka się z ambasadorem Ukrainy",
        "Rząd ogłosił we wtorek, że po rozmowach z sąsiednim krajem ponownie otworzy przejście "
        "graniczne, poinformowali urzędnicy.",
        "Sejm odrzucił projekt budżetu, a opozycja zażądała przedterminowych wyborów przed końcem roku.",
        "Policja zatrzymała kilkudziesięciu demonstrantów przed ministerstwem, gdzie tysiące ludzi "
        "domagały się wyższych płac.",
    ],
    "tr": [
        "Dışişleri Bakanı ateşkes görüşmeleri için Kahire'ye gidiyor",
        "Hükümet salı günü yaptığı açıklamada, komşu ülkeyle yapılan görüşmelerin ardından sınır "
        "kapısının yeniden açılacağını duyurdu.",
        "Meclis bütçe teklifini reddetti ve muhalefet yıl sonundan önce erken seçim yapılması çağrısında bulundu.",
        "Polis, bakanlık önünde toplanan binlerce kişi daha yüksek maaş talep ederken onlarca "
        "göstericiyi gözaltına aldı.",
    ],
    "sv": [
        "Utrikesministern reser till Helsingfors för samtal om säkerhet",
        "Regeringen meddelade på tisdagen att gränsövergången öppnas igen efter samtal med grannlandet, "
        "uppger tjänstemän.",
        "Riksdagen röstade ned budgetförslaget och oppositionen krävde nyval före årets slut.",
        "Polisen grep ett fyrtiotal demonstranter utanför departementet medan tusentals krävde högre löner.",
    ],
    "id": [
        "Menteri Luar Negeri bertemu utusan PBB di Jakarta",
        "Pemerintah mengumumkan pada hari Selasa bahwa pos perbatasan akan dibuka kembali setelah "
        "perundingan dengan negara tetangga, kata para pejabat.",
        "Parlemen menolak rancangan anggaran dan pihak oposisi menuntut pemilihan umum dipercepat sebelum akhir tahun.",
        "Polisi menangkap puluhan pengunjuk rasa di depan kementerian ketika ribuan orang menuntut upah "
        "yang lebih tinggi.",
    ],
    "ru": [
        "Министр иностранных дел прибыл в Анкару для переговоров",
        "Правительство во вторник объявило, что после переговоров с соседней страной пограничный пункт "
        "будет вновь открыт, сообщили чиновники.",
        "Парламент отклонил проект бюджета, а оппозиция потребовала досрочных выборов до конца года.",
        "Полиция задержала десятки демонстрантов у здания министерства, где тысячи людей требовали повышения зарплат.",
    ],
    "uk": [
        "Міністр закордонних справ зустрівся з послом Польщі у Києві",
        "Уряд у вівторок оголосив, що після переговорів із сусідньою країною пункт пропуску на кордоні "
        "знову відкриють, повідомили посадовці.",
        "Парламент відхилив проєкт бюджету, а опозиція вимагала дострокових виборів до кінця року.",
        "Поліція затримала десятки демонстрантів біля міністерства, де тисячі людей вимагали підвищення зарплат.",
    ],
    "ar": [
        "وزير الخارجية يصل إلى القاهرة لبحث وقف إطلاق النار",
        "أعلنت الحكومة يوم الثلاثاء أنها ستعيد فتح المعبر الحدودي بعد محادثات مع البلد المجاور، بحسب مسؤولين.",
        "رفض البرلمان مشروع الميزانية وطالبت المعارضة بإجراء انتخابات مبكرة قبل نهاية العام.",
        "اعتقلت الشرطة عشرات المتظاهرين أمام الوزارة بينما طالب الآلاف برفع الأجور.",
    ],
    "fa": [
        "وزیر امور خارجه برای گفتگو درباره آتش بس به ژنو رفت",
        "دولت روز سه شنبه اعلام کرد که پس از گفتگو با کشور همسایه گذرگاه مرزی دوباره باز می شود.",
        "مجلس لایحه بودجه را رد کرد و مخالفان خواستار برگزاری انتخابات زودهنگام پیش از پایان سال شدند.",
        "پلیس دهها معترض را در برابر وزارتخانه بازداشت کرد در حالی که هزاران نفر خواهان افزایش دستمزد بودند.",
    ],
    "zh": [
        "外交部长抵达开罗就停火问题举行会谈",
        "官员表示，政府周二宣布，在与邻国会谈后将重新开放边境口岸。",
        "议会否决了预算草案，反对派要求在年底前提前举行选举。",
        "警方在部委门外逮捕了数十名抗议者，数千人要求提高工资。",
    ],
    "ja": [
        "外務大臣が停戦協議のためカイロに到着",
        "政府は火曜日、隣国との協議を経て国境検問所を再開すると発表した。",
        "国会は予算案を否決し、野党は年内の解散総選挙を求めた。",
        "警察は省庁の前で数十人の抗議者を逮捕した。数千人が賃上げを要求していた。",
    ],
}
